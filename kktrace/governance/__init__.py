"""Governance over time: impact of a change (``impact``) and plan versions (``diff``)."""
