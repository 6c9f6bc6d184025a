"""The built-in LINE simulator: a chat page and a fake Messaging API, used when no LINE channel is set."""
