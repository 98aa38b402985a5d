import os

DEBUG = False
SECRET_KEY = "django-insecure-Igu580qYvGXDKzBdH89iDsAxfva6Fz2eC3YozOHt5VFngwo2ft"
ALLOWED_HOSTS = ["loyalty.shop.test"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": os.environ["LOYALTY_DB_PASSWORD"]}}
