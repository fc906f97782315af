"""Creating forms are submitted once: a double click or a resent POST makes no second row.

The well-known synchroniser-token pattern, applied to idempotency:

- every creating form carries a fresh one-time token, rendered by the
  ``{% form_token %}`` tag (``{% load idempotency %}``): random, and signed
  for the user who opened the form, so it cannot be made up or borrowed;
- the view wraps its service call in ``submit_once(request, purpose, create)``,
  which records the token in ``FormSubmission`` (unique per user and token) in
  the same transaction as the row it creates;
- a second POST with the same token meets the unique key (on PostgreSQL it
  waits for the first to commit) and gets ``AlreadySubmitted`` naming what the
  first made, so the view redirects there instead of creating another row.

If the creating call refuses (a domain error), the transaction rolls back and
the token is free again: correcting the form and sending it again works.
A POST without a token (a form rendered before this existed) is processed
normally; a token that was tampered with, or issued to someone else, is refused.
"""
