from django.urls import path

from chidao.explanations import views

urlpatterns = [
    path("", views.request_list, name="explanations"),
    path("issue/", views.request_issue, name="explanation-issue"),
    path("<int:pk>/", views.request_detail, name="explanation-detail"),
    path("<int:pk>/answer/", views.request_answer, name="explanation-answer"),
    path("<int:pk>/withdraw/", views.request_withdraw, name="explanation-withdraw"),
    path("<int:pk>/letter.docx", views.request_letter, name="explanation-letter"),
]
