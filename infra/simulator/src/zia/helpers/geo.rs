//! ZIA geo lookups: regions by name, coordinates and IP.

use super::*;

#[derive(Clone, Copy)]
pub(crate) struct City {
    pub geo_id: i64,
    pub state_geo_id: i64,
    pub city: &'static str,
    pub state: &'static str,
    pub country: &'static str,
    pub cc: &'static str,
    pub continent: &'static str,
    pub postal: &'static str,
    pub lat: f64,
    pub lon: f64,
}

/// A city from `(geo id, state geo id)`, `(city, state, country, country
/// code, continent code, postal code)` and `(latitude, longitude)`.
pub(crate) const fn city(
    ids: (i64, i64),
    names: (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ),
    at: (f64, f64),
) -> City {
    City {
        geo_id: ids.0,
        state_geo_id: ids.1,
        city: names.0,
        state: names.1,
        country: names.2,
        cc: names.3,
        continent: names.4,
        postal: names.5,
        lat: at.0,
        lon: at.1,
    }
}

pub(crate) const US: &str = "United States";

static CITIES: &[City] = &[
    city(
        (5_392_171, 5_332_921),
        ("San Jose", "California", US, "US", "NA", "95113"),
        (37.3382, -121.8863),
    ),
    city(
        (5_391_959, 5_332_921),
        ("San Francisco", "California", US, "US", "NA", "94103"),
        (37.7749, -122.4194),
    ),
    city(
        (5_391_811, 5_332_921),
        ("San Diego", "California", US, "US", "NA", "92101"),
        (32.7157, -117.1611),
    ),
    city(
        (4_726_206, 4_736_286),
        ("San Antonio", "Texas", US, "US", "NA", "78205"),
        (29.4241, -98.4936),
    ),
    city(
        (5_393_015, 5_332_921),
        ("Santa Clara", "California", US, "US", "NA", "95050"),
        (37.3541, -121.9552),
    ),
    city(
        (4_887_398, 4_896_861),
        ("Chicago", "Illinois", US, "US", "NA", "60601"),
        (41.8781, -87.6298),
    ),
    city(
        (5_128_581, 5_128_638),
        ("New York", "New York", US, "US", "NA", "10001"),
        (40.7128, -74.006),
    ),
    city(
        (4_269_447, 4_273_857),
        ("Cheney", "Kansas", US, "US", "NA", "67025"),
        (37.6325999, -97.7724999),
    ),
    city(
        (4_480_125, 4_482_348),
        ("Mooresville", "North Carolina", US, "US", "NA", "28115"),
        (35.5837999, -80.864),
    ),
    city(
        (6_167_865, 6_093_943),
        ("Toronto", "Ontario", "Canada", "CA", "NA", "M5H"),
        (43.6532, -79.3832),
    ),
    city(
        (2_643_743, 6_269_131),
        ("London", "England", "United Kingdom", "GB", "EU", "EC1A"),
        (51.5074, -0.1278),
    ),
    city(
        (2_925_533, 2_905_330),
        ("Frankfurt am Main", "Hesse", "Germany", "DE", "EU", "60311"),
        (50.1109, 8.6821),
    ),
    city(
        (1_787_746, 1_806_260),
        ("Yancheng", "Jiangsu", "China", "CN", "AS", "224000"),
        (33.364, 120.1592),
    ),
    city(
        (2_147_714, 2_155_400),
        ("Sydney", "New South Wales", "Australia", "AU", "OC", "2000"),
        (-33.8688, 151.2093),
    ),
];

/// Addresses with a known location (the seeded static IPs).
pub(crate) const IP_CITIES: &[(&str, usize)] = &[
    ("198.51.100.10", 0),
    ("198.51.100.20", 9),
    ("203.0.113.30", 10),
    ("203.0.113.50", 11),
    ("104.239.237.2", 7),
    ("184.104.180.61", 7),
    ("24.224.96.16", 8),
    ("121.234.54.67", 12),
];

pub(crate) fn region_info(c: &City) -> Value {
    json!({"cityGeoId": c.geo_id, "stateGeoId": c.state_geo_id, "latitude": c.lat, "longitude": c.lon,
           "cityName": c.city, "stateName": c.state, "countryName": c.country, "countryCode": c.cc,
           "postalCode": c.postal, "continentCode": c.continent})
}

/// Where an address is: the known table, else a deterministic pick.
pub(crate) fn city_for_ip(ip: &str) -> City {
    if let Some((_, i)) = IP_CITIES.iter().find(|(a, _)| *a == ip.trim()) {
        if let Some(c) = CITIES.get(*i) {
            return *c;
        }
    }
    let sum: usize = ip.bytes().map(usize::from).sum();
    CITIES[sum % CITIES.len()]
}

pub(crate) fn distance(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lon2 - lon1).to_radians();
    let x = (p1.sin() * p2.sin() + p1.cos() * p2.cos() * dl.cos()).clamp(-1.0, 1.0);
    x.acos()
}

pub(crate) fn nearest_city(lat: f64, lon: f64) -> City {
    let mut best = CITIES[0];
    let mut best_d = f64::MAX;
    for c in CITIES {
        let d = distance(lat, lon, c.lat, c.lon);
        if d < best_d {
            best_d = d;
            best = *c;
        }
    }
    best
}

/// `GET /region/search?prefix=city[, state[, country]]` (paged 100/1000);
/// a blank prefix is the recorded 400.
pub(crate) fn region_search(req: &Req) -> Resp {
    let prefix = req.q("prefix").map(str::trim).unwrap_or("");
    if prefix.is_empty() {
        return invalid_input("Invalid or blank search prefix.");
    }
    let parts: Vec<String> = prefix.split(',').map(|p| p.trim().to_lowercase()).collect();
    let starts = |hay: &str, i: usize| {
        parts
            .get(i)
            .filter(|p| !p.is_empty())
            .is_none_or(|p| hay.to_lowercase().starts_with(p.as_str()))
    };
    let out: Vec<Value> = CITIES
        .iter()
        .filter(|c| starts(c.city, 0) && starts(c.state, 1) && starts(c.country, 2))
        .map(region_info)
        .collect();
    zia_page(req, out, 100, 1000)
}

pub(crate) fn coord(req: &Req, name: &str, lim: f64) -> Option<f64> {
    req.q(name)
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && (-lim..=lim).contains(v))
}

pub(crate) fn region_by_coordinates(req: &Req) -> Resp {
    match (coord(req, "latitude", 90.0), coord(req, "longitude", 180.0)) {
        (Some(lat), Some(lon)) => Resp::ok(region_info(&nearest_city(lat, lon))),
        _ => invalid_input("latitude (-90..90) and longitude (-180..180) are required"),
    }
}

pub(crate) fn region_by_ip(ip: &str) -> Resp {
    let Ok(addr) = ip.trim().parse::<Ipv4Addr>() else {
        return invalid_input(&format!("Invalid IP address '{ip}'"));
    };
    if addr.is_private() || addr.is_loopback() || addr.is_unspecified() || addr.is_link_local() {
        return invalid_input(&format!("{ip} is not a public IP address"));
    }
    Resp::ok(region_info(&city_for_ip(ip)))
}
