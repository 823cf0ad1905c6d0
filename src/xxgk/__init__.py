"""xxgk: read, check and keep 政府信息公开工作年度报告 as data."""

__version__ = "0.1.0"
