from django.apps import AppConfig


class SynthConfig(AppConfig):
    """The synthetic workload builder (`chidao synth`): above every part it writes into."""

    name = "chidao.synth"
    label = "synth"
