"""HTTPS access to the lab's services API (docs/lab.md) for the e2e tests: a keep-alive
client that dials the lab address but verifies and sends SNI for the eM host name."""
import http.client
import json
import socket
import ssl

from harness import check

HOST = "hbp-ec1l.srv.ygles.com"


class Client:
    """One keep-alive HTTPS connection to a lab host, as tenant `token`."""

    def __init__(self, ready, token, host=HOST):
        self.ready, self.token, self.host = ready, token, host
        self.conn = None

    def _connect(self):
        context = ssl.create_default_context(cafile=self.ready["ca_file"])
        address, port = self.ready["hosts"][self.host], mapped_443(self.ready)
        conn = http.client.HTTPSConnection(self.host, port, context=context, timeout=30)
        # Connect to the lab address, but verify and send SNI for the host name.
        conn.sock = context.wrap_socket(socket.create_connection((address, port), timeout=30),
                                        server_hostname=self.host)
        return conn

    def call(self, method, path, body=None, token=None, headers=None):
        """Returns (status, headers, body bytes); JSON bodies are sent as JSON."""
        if self.conn is None:
            self.conn = self._connect()
        sent = dict(headers or {})
        if (token if token is not None else self.token):
            sent["Authorization"] = "Bearer " + (token if token is not None else self.token)
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            sent.setdefault("Content-Type", "application/json")
        self.conn.request(method, path, body=body, headers=sent)
        response = self.conn.getresponse()
        data = response.read()
        if response.will_close:
            self.conn.close()
            self.conn = None
        return response.status, response.headers, data

    def json(self, method, path, body=None, **kw):
        status, _headers, data = self.call(method, path, body, **kw)
        return status, (json.loads(data) if data else None)


def mapped_443(ready):
    return int(dict(p.split("=") for p in ready["port_map"].split(","))["443"])


def tenant_path(tenant, rest=""):
    return f"/v1/tenants/{tenant}{rest}"


def device_path(tenant, serial="SN1", rest=""):
    return tenant_path(tenant, f"/devices/{serial}{rest}")


def create(client, parent, name):
    status, body = client.json("POST", tenant_path(parent, "/children"), {"name": name})
    check(status == 201 and body["id"] == f"{parent}/{name}", (status, body))
    return body["token"]
