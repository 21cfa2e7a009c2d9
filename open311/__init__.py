"""Open311 GeoReport v2: the standard API a province's portal, a city app or a national
aggregator reads and files petitions through (services, service definitions, requests), in
XML as the specification requires and in JSON."""
