"""Web blueprints: public/ (the board), open311/, opendata/ (and admin/)."""
