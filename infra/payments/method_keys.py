"""The provider configuration behind the online payment methods (domain/payments/method_ports.ProviderKeys).

Keys are resolved one way only, by `SecretReference` (infra/settings.py): the server's settings
(`PAYMENTS__<METHOD>__<KEY>__ENV|FILE|VALUE`), or a reference admins set on the method (an environment
variable's name or a file path, never the key). Development without any key uses the sandbox's generated keys,
which count as configured. `effective` gives the provider settings with admins' overrides applied, for whoever
builds the gateways.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from domain.orders.entities import PaymentMethod
from domain.payments.method_ports import KeyRef, KeyState, MethodSetting
from infra.settings import KeyNotConfigured, PaymentsSettings, SecretReference, Settings

M = PaymentMethod

# the non-secret settings admins may override, per method (URLs stay server settings: an admin must not be able
# to point a gateway, and the keys it sends, somewhere else)
FIELDS: dict[PaymentMethod, tuple[str, ...]] = {
    M.ALIPAY: ("app_id",),
    M.WECHAT_PAY: ("mchid", "appid", "merchant_serial_no", "platform_public_key_id"),
    M.CARD: (),
}
KEYS: dict[PaymentMethod, tuple[str, ...]] = {
    M.ALIPAY: ("app_private_key", "alipay_public_key"),
    M.WECHAT_PAY: ("merchant_private_key", "platform_public_key", "apiv3_key"),
    M.CARD: ("secret_key", "webhook_secret"),
}


MAX_KEY_FILE_BYTES = 64 * 1024  # a PEM key is a few KB


def reference(ref: KeyRef) -> SecretReference:
    return SecretReference(env=ref.env, file=Path(ref.file) if ref.file else None)


def _readable(ref: KeyRef) -> bool:
    """An admin's file reference is read only when it names a small regular file: never a device, a pipe or a
    huge file (`/dev/zero` would never end), so setting a path cannot hang or exhaust the server."""
    if ref.file is None:
        return True
    try:
        info = os.stat(ref.file)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= MAX_KEY_FILE_BYTES


class SettingsProviderKeys:
    def __init__(self, settings: Settings) -> None:
        self._payments = settings.payments
        self._development = settings.is_development

    def fields(self, method: PaymentMethod) -> tuple[str, ...]:
        return FIELDS.get(method, ())

    def keys(self, method: PaymentMethod) -> tuple[str, ...]:
        return KEYS.get(method, ())

    def key_states(self, method: PaymentMethod, refs: Mapping[str, KeyRef]) -> dict[str, KeyState]:
        section = getattr(self._payments, str(method), None)
        states: dict[str, KeyState] = {}
        for name in self.keys(method):
            ref = refs.get(name)
            secret = reference(ref) if ref is not None else getattr(section, name, SecretReference())
            try:
                if ref is not None and not _readable(ref):
                    raise KeyNotConfigured(f"payments.{method}.{name}: not a readable key file")
                secret.required(f"payments.{method}.{name}")
                states[name] = KeyState(True, "database" if ref is not None else "settings")
            except KeyNotConfigured:
                if ref is None and self._development:
                    states[name] = KeyState(True, "sandbox")
                else:
                    states[name] = KeyState(False, "database" if ref is not None else "missing")
        return states


def effective(payments: PaymentsSettings, settings: Iterable[MethodSetting]) -> PaymentsSettings:
    """The provider settings with the admins' overrides (non-secret fields, key references) applied."""
    sections: dict[str, object] = {}
    for setting in settings:
        method = PaymentMethod(setting.method)
        section = getattr(payments, str(method), None)
        if section is None:
            continue
        update: dict[str, object] = {n: v for n, v in setting.provider.items() if n in FIELDS.get(method, ())}
        for name in KEYS.get(method, ()):
            if (ref := setting.key_ref(name)) is not None:
                # a file that is no longer a small regular file is not read: the key is then missing
                update[name] = reference(ref) if _readable(ref) else SecretReference()
        if update:
            sections[str(method)] = section.model_copy(update=update)
    return payments.model_copy(update=sections)
