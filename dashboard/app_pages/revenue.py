"""売上・収益: the revenue figures by company and period."""
from dashboard.figure_view import render_figure_page

render_figure_page("revenue")
