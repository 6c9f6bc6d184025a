"""Web areas beyond the webhook: operations, the admin dashboard (admin/), the public board
(public/), open311/ and opendata/."""
