"""Coding: codings and memos, structural auto-coding, keyword suggestions and their review."""
