"""Copy to instance/config.py to override the portal's defaults on this machine."""

# PUBLIC_BASE_URL = "https://iap.example.org"   # the address links in emails point to
# MAIL_SENDER = "IAP Portal <international@toronto.ca>"
# SESSION_COOKIE_SECURE = True                 # when served over HTTPS
