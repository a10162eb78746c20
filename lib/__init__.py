"""Library of the dashboard: pure code; only db.py and ui.py import streamlit."""
