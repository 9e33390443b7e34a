"""The configurator: the page a click answers, the engines behind it, saved configurations, the
journey on the customer's timeline, one-to-one personalisation and ordering what is configured."""
