"""The registry of agreements: public and staff views, reviews, reports and scheduled work."""
