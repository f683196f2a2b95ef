from django.contrib.auth.forms import AuthenticationForm

from chaveruth.lib.forms import KernForm


class LoginForm(KernForm, AuthenticationForm):
    pass
