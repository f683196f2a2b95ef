"""How allauth treats our accounts: nobody signs up; the programme office makes accounts."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        """A city's single sign-on may create the account; it has no role (sees nothing)
        until the programme office or the city's coordination gives it one."""
        return True
