from django.contrib.staticfiles import finders


def test_the_stylesheet_and_htmx_are_found_by_the_static_finders():
    assert finders.find("chidao.css")
    assert finders.find("htmx.min.js")
    assert finders.find("chidao.js")
