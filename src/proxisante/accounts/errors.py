"""Errors of the accounts, each with the HTTP status the web shells answer."""

from __future__ import annotations

from datetime import datetime

from proxisante.errors import UserError
from proxisante.i18n import _


class AccountError(UserError):
    """Base class of the accounts' user errors."""

    http_status = 400
    code = "bad_request"


class LoginFailedError(AccountError):
    """One message whatever was wrong (user name, password, TOTP code, inactive account)."""

    http_status = 401
    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Connexion refusée : identifiant, mot de passe ou code à 6 chiffres incorrect "
                "(les coordinateurs et administrateurs saisissent aussi le code de leur "
                "application d'authentification)."
            )
        )


class TooManyAttemptsError(AccountError):
    """Login refused while the account or the client address is locked."""

    http_status = 429
    code = "too_many_attempts"

    def __init__(self, until: datetime, now: datetime) -> None:
        self.until = until
        self.retry_after_s = max(1, int((until - now).total_seconds()))
        minutes = max(1, -(-self.retry_after_s // 60))
        super().__init__(
            _(
                "Trop d'essais de connexion : réessayez dans {minutes} minute(s) "
                "(verrouillage temporaire, voir la documentation de sécurité)."
            ).format(minutes=minutes)
        )


class WeakPasswordError(AccountError):
    """A new password that does not meet the length rule."""


class WrongPasswordError(AccountError):
    """The current password given to change it is wrong."""

    http_status = 403
    code = "forbidden"

    def __init__(self) -> None:
        super().__init__(_("Mot de passe actuel incorrect : le mot de passe n'a pas été changé."))


class UserNameTakenError(AccountError):
    http_status = 409
    code = "conflict"

    def __init__(self, username: str) -> None:
        self.username = username
        super().__init__(
            _("Identifiant {username} déjà pris : choisissez-en un autre.").format(
                username=repr(username)
            )
        )


class UnknownUserError(AccountError):
    http_status = 404
    code = "not_found"

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        super().__init__(_("Utilisateur {user_id} introuvable.").format(user_id=user_id))


class SelfDeactivationError(AccountError):
    http_status = 409
    code = "conflict"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Vous ne pouvez pas désactiver votre propre compte : demandez-le à un autre "
                "administrateur."
            )
        )


class NewUserError(AccountError):
    """A new account's request breaks a rule (user name, role, territory, professional); the
    message names the input as the API (``territory_id``) and the CLI (``--territory``) call
    it, what was expected and an example."""


class AccountForbiddenError(AccountError):
    """The actor may not create or manage this account (role or territory)."""

    http_status = 403
    code = "forbidden"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Action réservée aux administrateurs, ou à la coordination pour les comptes "
                "professionnel et aidant de son territoire."
            )
        )


class NoSecondFactorError(AccountError):
    http_status = 409
    code = "conflict"

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        super().__init__(
            _(
                "Le compte {user_id} n'a pas de second facteur (code à 6 chiffres) : seuls les "
                "comptes coordination et administrateur en ont un."
            ).format(user_id=user_id)
        )
