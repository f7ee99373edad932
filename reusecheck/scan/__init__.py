"""The archive scan: which originals of an indexed archive each page of a crawl uses, and on what terms.

`candidate.Judge` judges one record; `local` runs it over a collection in worker processes, and `spark`
on a Spark cluster; `output` writes the lines.
"""
