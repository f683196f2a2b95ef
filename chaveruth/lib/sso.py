"""Single sign-on providers from environment variables (cities run Keycloak or Active Directory).

OpenID Connect (e.g. Keycloak, Entra ID)::

    OIDC_SERVER_URL=https://sso.stadt.example/realms/stadt   # the issuer, without /.well-known
    OIDC_CLIENT_ID=chaveruth  OIDC_CLIENT_SECRET=…  [OIDC_NAME="Stadt-Login"] [OIDC_ID=stadt]

SAML 2.0 (e.g. AD FS), with the identity provider's metadata or its three values::

    SAML_IDP_METADATA_URL=https://adfs.stadt.example/FederationMetadata/2007-06/FederationMetadata.xml
    SAML_IDP_ENTITY_ID=…  (always)   SAML_IDP_SSO_URL=…  SAML_IDP_X509CERT=…  (without metadata)
    [SAML_NAME="Stadt-Login (SAML)"] [SAML_ID=stadt]

Nothing set: no single sign-on, only local accounts. Returns allauth's
``SOCIALACCOUNT_PROVIDERS``; pure, so that it can be tested without a running provider.
"""

from collections.abc import Mapping
from typing import Any


def providers(environ: Mapping[str, str]) -> dict[str, Any]:
    configured: dict[str, Any] = {}
    if environ.get("OIDC_SERVER_URL"):
        configured["openid_connect"] = {"APPS": [_oidc_app(environ)]}
    if environ.get("SAML_IDP_ENTITY_ID"):
        configured["saml"] = {"APPS": [_saml_app(environ)]}
    return configured


def _oidc_app(environ: Mapping[str, str]) -> dict[str, Any]:
    return {
        "provider_id": environ.get("OIDC_ID", "stadt"),
        "name": environ.get("OIDC_NAME", "Single sign-on"),
        "client_id": environ["OIDC_CLIENT_ID"],
        "secret": environ["OIDC_CLIENT_SECRET"],
        "settings": {"server_url": environ["OIDC_SERVER_URL"]},
    }


def _saml_app(environ: Mapping[str, str]) -> dict[str, Any]:
    idp: dict[str, str] = {"entity_id": environ["SAML_IDP_ENTITY_ID"]}
    if environ.get("SAML_IDP_METADATA_URL"):
        idp["metadata_url"] = environ["SAML_IDP_METADATA_URL"]
    else:
        idp["sso_url"] = environ["SAML_IDP_SSO_URL"]
        idp["x509cert"] = environ["SAML_IDP_X509CERT"]
    return {
        "client_id": environ.get("SAML_ID", "stadt"),  # the organisation slug in the SAML URLs
        "name": environ.get("SAML_NAME", "Single sign-on (SAML)"),
        "settings": {
            "idp": idp,
            "attribute_mapping": {
                "uid": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
                "email": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
                "first_name": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
                "last_name": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
            },
        },
    }
