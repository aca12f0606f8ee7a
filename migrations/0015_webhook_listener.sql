-- Beds24 webhooks on a loopback port (issue 9): off by default, for a hotel that runs a tunnel
-- to this machine. The shared secret they are signed with is kept by the host's vault, never here.
-- Shipped migrations are never edited: add a new file.

CREATE TABLE webhook_listener_settings (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  enabled  INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  -- Null until a person chose one; an unprivileged port, as the app never runs as root.
  port     INTEGER CHECK (port IS NULL OR port BETWEEN 1024 AND 65535)
);
