"""Go's crypto/tls X509KeyPair: a PEM certificate and its private key, checked as Go checks them.

Models go/src/crypto/tls/tls.go (X509KeyPair, parsePrivateKey) and go/src/encoding/pem
(Decode: a block is `-----BEGIN TYPE-----` ... `-----END TYPE-----`, text around blocks is
skipped). `kubectl create secret tls` and a TLS server that loads its certificate (nginx's
`ssl_certificate`) refuse a pair with these texts: a certificate file holding only a key
("PEM inputs may have been switched"), a key file holding a certificate, a key of another
type or another pair. What Go says about a certificate whose DER it cannot parse is reduced
to x509's `malformed certificate`.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

_BLOCK = re.compile(rb"-----BEGIN ([^\n-]*)-----\r?\n(.*?)-----END \1-----", re.S)


class KeyPairError(ValueError):
    """X509KeyPair's error, in Go's words (`tls: private key does not match public key`)."""


@dataclass(frozen=True)
class KeyPair:
    certificate: x509.Certificate
    key: object


def pem_blocks(data: bytes) -> list[tuple[str, bytes]]:
    """(type, DER) of every PEM block in order; a block whose body is not base64 ends the scan
    as pem.Decode's nil does."""
    blocks = []
    for match in _BLOCK.finditer(data):
        body = b"".join(line for line in match.group(2).splitlines() if b":" not in line)
        try:
            blocks.append((match.group(1).decode(errors="replace"), base64.b64decode(body, validate=False)))
        except (binascii.Error, ValueError):
            break
    return blocks


def _private_key(der: bytes) -> object:
    """parsePrivateKey: PKCS #1, then PKCS #8, then SEC 1 (EC)."""
    try:
        return serialization.load_der_private_key(der, password=None)
    except (ValueError, TypeError):
        raise KeyPairError("tls: failed to parse private key") from None


def _matches(public: object, private: object) -> None:
    kinds = ((rsa.RSAPublicKey, rsa.RSAPrivateKey), (ec.EllipticCurvePublicKey, ec.EllipticCurvePrivateKey),
             (ed25519.Ed25519PublicKey, ed25519.Ed25519PrivateKey))
    for public_type, private_type in kinds:
        if isinstance(public, public_type):
            if not isinstance(private, private_type):
                raise KeyPairError("tls: private key type does not match public key type")
            if private.public_key() != public:
                raise KeyPairError("tls: private key does not match public key")
            return
    raise KeyPairError("tls: unknown public key algorithm")


def x509_key_pair(cert_pem: bytes, key_pem: bytes) -> KeyPair:
    """X509KeyPair: the first CERTIFICATE block and the first `... PRIVATE KEY` block, checked
    to belong together. Raises KeyPairError with Go's text."""
    certs, skipped = [], []
    for kind, der in pem_blocks(cert_pem):
        (certs if kind == "CERTIFICATE" else skipped).append(der if kind == "CERTIFICATE" else kind)
    if not certs:
        if not skipped:
            raise KeyPairError("tls: failed to find any PEM data in certificate input")
        if len(skipped) == 1 and skipped[0].endswith("PRIVATE KEY"):
            raise KeyPairError("tls: failed to find certificate PEM data in certificate input, but did find a "
                               "private key; PEM inputs may have been switched")
        raise KeyPairError('tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM '
                           f"blocks of the following types: [{' '.join(skipped)}]")
    skipped = []
    key_der = None
    for kind, der in pem_blocks(key_pem):
        if kind == "PRIVATE KEY" or kind.endswith(" PRIVATE KEY"):
            key_der = der
            break
        skipped.append(kind)
    if key_der is None:
        if not skipped:
            raise KeyPairError("tls: failed to find any PEM data in key input")
        if skipped == ["CERTIFICATE"]:
            raise KeyPairError("tls: found a certificate rather than a key in the PEM for the private key")
        raise KeyPairError('tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after '
                           f"skipping PEM blocks of the following types: [{' '.join(skipped)}]")
    try:
        certificate = x509.load_der_x509_certificate(certs[0])
        public = certificate.public_key()
    except ValueError:
        raise KeyPairError("x509: malformed certificate") from None
    key = _private_key(key_der)
    _matches(public, key)
    return KeyPair(certificate, key)
