"""Labels that wrap an indicator's words in its unit ("% of ...", "Rate of ... per 10,000 children"): the
resolver reads the unit as a part, and a unit that contradicts the indicator's is no match."""

from __future__ import annotations

import pytest

from cpdesk.recognise import resolver_for


@pytest.mark.parametrize(("wording", "indicator_id"), [
    ("% of ICPCs held within 15 working days", "icpc_15wd_pct"),
    ("ICPCs within 15 working days (%)", "icpc_15wd_pct"),
    ("Proportion of ICPCs within 15 working days", "icpc_15wd_pct"),
    ("Percentage of re-referrals within 12 months", "rereferrals_12m_pct"),
    ("Rate of children subject to a CP plan per 10,000", "cpp_rate"),
    ("Rate of referrals per 10,000 children", "referrals_rate"),
    ("Referrals per 10,000 children aged 0-17", "referrals_rate"),
    # "rate" alone is a rate per 10,000 or a percentage; child protection plans have only the rate
    ("Rate of children subject to a child protection plan at 31 March", "cpp_rate"),
])
def test_unit_words_around_an_indicator_find_it(schema, wording, indicator_id):
    assert resolver_for(schema).indicator(wording).indicator.id == indicator_id


@pytest.mark.parametrize("wording", [
    "% of children subject to a CP plan",  # a count's words with a percent: no such indicator
    "Rate of children subject to a child protection plan per 1,000",  # a unit cpdesk does not hold
    "Number of ICPCs within 15 working days %",
    "% of", "Rate of", "Number of", "per 10,000",
])
def test_unit_words_that_disagree_with_the_indicator_match_nothing(schema, wording):
    assert not resolver_for(schema).indicator(wording).resolved
