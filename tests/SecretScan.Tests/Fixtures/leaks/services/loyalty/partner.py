import requests
from requests.auth import HTTPBasicAuth


def fetch_points(member_id):
    auth = HTTPBasicAuth("loyalty", "lMoHcfpR1#B29wDpSE")
    return requests.get(f"https://partner.shop.test/points/{member_id}", auth=auth, timeout=10)
