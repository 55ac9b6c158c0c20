"""The login forms, the portal's and the admin's: Django's, refusing a user name longer than any
account's before a login is tried.

Django's login form sets the user name's length limit only as the box's HTML attribute: a longer
name went on to the login, whose failure django-axes records with the name as typed, in a column
of 255 characters. A name of 300 answered an error page (500), on both login pages."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class NameLengthMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class LoginForm(NameLengthMixin, AuthenticationForm):
    pass


class AdminLoginForm(NameLengthMixin, AdminAuthenticationForm):
    pass
