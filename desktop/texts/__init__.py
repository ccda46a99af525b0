"""Text catalogs: each module defines ``TEXTS = {code: (zh_CN, en)}`` for one area."""
