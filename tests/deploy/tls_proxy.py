"""An HTTPS proxy for one made-up public host, so the packaged Lambda reaches "HelseID" the way
it reaches it in AWS: https to a public name, certificate checked. The Lambda's process is given
HTTPS_PROXY (urllib honours it) and SSL_CERT_FILE (this test CA); the proxy answers CONNECT,
terminates TLS with a certificate for the host, and serves fixed JSON documents by path."""

from __future__ import annotations

import datetime as dt
import json
import socket
import socketserver
import ssl
import threading
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def _certificate(
    subject: str, key: ec.EllipticCurvePrivateKey, issuer: tuple[str, Any] | None, host: str = ""
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    issuer_name, issuer_key = issuer if issuer else (subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer_name)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
    )
    if issuer is None:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=0), True)
    else:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), False)
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(item: Any) -> bytes:
    if isinstance(item, x509.Certificate):
        return item.public_bytes(serialization.Encoding.PEM)
    return bytes(
        item.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


class TlsProxy:
    def __init__(self, host: str, documents: dict[str, dict[str, Any]], folder: Path) -> None:
        self.host = host
        self.documents = documents
        self.requests: list[str] = []
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca = _certificate("LIS1 test CA", ca_key, None)
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = _certificate(host, key, ("LIS1 test CA", ca_key), host)
        self.ca_file = folder / "ca.pem"
        self.ca_file.write_bytes(_pem(ca))
        (folder / "host.pem").write_bytes(_pem(certificate) + _pem(key))
        self._tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._tls.load_cert_chain(folder / "host.pem")
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                proxy._serve(self.connection)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _serve(self, connection: socket.socket) -> None:
        head = _read_head(connection)
        if not head.startswith(f"CONNECT {self.host}:443 "):
            connection.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        connection.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        with self._tls.wrap_socket(connection, server_side=True) as tls:
            request = _read_head(tls)
            method, path, _ = request.split(" ", 2)
            self.requests.append(f"{method} {path}")
            document = self.documents.get(path)
            body = json.dumps(document or {"error": "not_found"}).encode()
            status = "200 OK" if document is not None else "404 Not Found"
            tls.sendall(
                f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                + body
            )


def _read_head(connection: socket.socket | ssl.SSLSocket) -> str:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.decode("latin-1")
