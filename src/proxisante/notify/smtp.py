"""E-mail over SMTP (``smtplib``) with a two-phase ``DATA``.

Its settings (:class:`proxisante.config.SmtpSettings`) come from the environment, read once by
:class:`proxisante.config.Settings`:
``PROXISANTE_SMTP_HOST`` (no host: e-mails wait in the outbox), ``PROXISANTE_SMTP_PORT`` (25),
``PROXISANTE_SMTP_FROM`` (``ProxiSanté <ne-pas-repondre@localhost>``), ``PROXISANTE_SMTP_USER``
and ``PROXISANTE_SMTP_PASSWORD`` (optional login), ``PROXISANTE_SMTP_STARTTLS`` (``1`` to
upgrade the connection), ``PROXISANTE_SMTP_TIMEOUT_S`` (10).

Exactly once, and where it stops being so. SMTP has no two-phase commit: a server holds a message
as soon as it has read the final ``.`` of ``DATA``, whether or not the client lives to read its
``250``. So the sender writes the whole message *except* that final line, then lets the outbox
commit the state ``handed``, then writes the ``.``:

- a crash before the commit: the server saw the connection drop in the middle of ``DATA`` and
  discards the message; the outbox still says *sending*, and another pass sends it again once the
  lease has expired — nothing lost, nothing doubled;
- a crash after the ``.`` was written (waiting for the ``250``): the server has the message and the
  outbox says *handed*: it is never sent again — delivered once;
- the remaining gap is the one ``write`` of three bytes between the commit and the ``.``: a crash
  exactly there leaves a message *handed* that the server never received (at most once for that
  message). Such messages stay visible as ``handed`` without ``sent_at`` (the server's ``250`` was
  not recorded), for a person to check; they are not sent again blindly;
- every message carries a ``Message-ID`` stable over retries, so a receiver can also de-duplicate.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import formatdate, parseaddr

from proxisante.config import SmtpSettings
from proxisante.notify.model import OutboxMessage


class LeaseLostError(Exception):
    """The outbox refused the commit (another dispatcher took the message): nothing sent."""


class DeliveryUncertainError(Exception):
    """The end of the message was written but the server's answer was not read."""


_EOL = re.compile(rb"\r\n|\n|\r")
_DOT = re.compile(rb"(?m)^\.")


def build_email(message: OutboxMessage, sender: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = message.recipient
    msg["Subject"] = message.subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message.message_id
    msg.set_content(message.body)
    return msg.as_bytes(policy=SMTP_POLICY)


class _TwoPhaseSMTP(smtplib.SMTP):
    def data_in_two_phases(self, payload: bytes, commit: Callable[[], bool]) -> None:
        code, reply = self.docmd("data")
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        body = _DOT.sub(b"..", _EOL.sub(b"\r\n", payload))
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        self.send(body)
        if not commit():
            self.close()  # the server discards a message whose DATA never ended
            raise LeaseLostError()
        self.send(b".\r\n")  # raises before writing: the message was not handed over
        try:
            code, reply = self.getreply()
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            raise DeliveryUncertainError() from exc
        if code != 250:
            raise smtplib.SMTPDataError(code, reply)


class SmtpEmailSender:
    """:class:`~proxisante.notify.ports.EmailSender` over one SMTP connection, opened lazily and
    kept for a dispatch pass (``close()`` at the end)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._conn: _TwoPhaseSMTP | None = None

    def _connection(self) -> _TwoPhaseSMTP:
        if self._conn is None:
            s = self.settings
            conn = _TwoPhaseSMTP(s.host, s.port, timeout=s.timeout_s)
            conn.ehlo_or_helo_if_needed()
            if s.starttls:
                conn.starttls()
            if s.username and s.password:
                conn.login(s.username, s.password)
            self._conn = conn
        return self._conn

    def send_email(self, message: OutboxMessage, commit: Callable[[], bool]) -> None:
        try:
            conn = self._connection()
            conn.ehlo_or_helo_if_needed()
            code, reply = conn.mail(parseaddr(self.settings.sender)[1])
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, "")
            if smtplib.quoteaddr(message.recipient) != f"<{message.recipient}>":
                # smtplib parses the address for the envelope: one it would rewrite (quotes,
                # angle brackets) is refused, never sent to another mailbox.
                raise smtplib.SMTPRecipientsRefused({"": (553, b"address not plain")})
            code, reply = conn.rcpt(message.recipient)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({"": (code, reply)})
            conn.data_in_two_phases(build_email(message, self.settings.sender), commit)
        except BaseException:
            self._drop()
            raise

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._conn.quit()
            self._drop()
