"""The API's pages: Jinja2 templates (autoescaped, strict) in the site's bokmål, with every text
through the message catalogue. Presenters hand the templates values and rule results, never
markup; templates hold no rules."""
