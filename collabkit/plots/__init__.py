"""Accessible matplotlib charts: each returns a figure and its alt text; no judgment here.

Modules
-------
style      palette, hatching, fonts and the shared drawing helpers
charts     the charts of one project's report
portfolio  the charts comparing projects

matplotlib is imported only when a chart is drawn.
"""
