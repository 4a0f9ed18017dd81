"""What a piece of text means: one tokeniser, one lexicon of parts, one rule for indicators.

See :mod:`cpdesk.recognise.resolver` for the rule and ``resources/lexicon.toml`` for the parts.
"""

from cpdesk.recognise.lexicon import Lexicon, Scope, load_lexicon
from cpdesk.recognise.resolver import Reading, Resolver, counted_on_days, resolver_for

__all__ = ["Lexicon", "Reading", "Resolver", "Scope", "counted_on_days", "load_lexicon", "resolver_for"]
