"""The floor of every page: a bare Streamlit page (a title, nothing else), measured beside the app."""

import streamlit as st

st.title("Bare page")
