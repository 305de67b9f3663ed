//! ZIA GRE helpers: VIPs (recommended, by datacenter) and free internal
//! IP ranges.

use super::*;

pub(crate) struct Vip {
    pub id: i64,
    pub ip: &'static str,
    pub dc: &'static str,
    pub city: &'static str,
    pub cc: &'static str,
    pub region: &'static str,
    pub lat: f64,
    pub lon: f64,
}

/// GRE virtual IPs (the US and Canadian ones as recorded).
static VIPS: &[Vip] = &[
    Vip {
        id: 170_301,
        ip: "170.85.14.129",
        dc: "CHI2",
        city: "Chicago",
        cc: "US",
        region: "NorthAmerica",
        lat: 39.0,
        lon: -89.0,
    },
    Vip {
        id: 65_303,
        ip: "165.225.10.32",
        dc: "DEN3",
        city: "Denver",
        cc: "US",
        region: "NorthAmerica",
        lat: 42.0,
        lon: -106.0,
    },
    Vip {
        id: 213_857,
        ip: "170.85.96.129",
        dc: "DFW2",
        city: "Dallas",
        cc: "US",
        region: "NorthAmerica",
        lat: 31.0,
        lon: -96.0,
    },
    Vip {
        id: 270_926,
        ip: "170.85.86.129",
        dc: "WAS4",
        city: "Washington, DC",
        cc: "US",
        region: "NorthAmerica",
        lat: 38.0,
        lon: -77.0,
    },
    Vip {
        id: 28_524,
        ip: "104.129.206.159",
        dc: "ATL2",
        city: "Atlanta, GA",
        cc: "US",
        region: "NorthAmerica",
        lat: 34.0,
        lon: -84.0,
    },
    Vip {
        id: 101_741,
        ip: "165.225.242.33",
        dc: "SJC4",
        city: "San Jose",
        cc: "US",
        region: "NorthAmerica",
        lat: 37.0,
        lon: -122.0,
    },
    Vip {
        id: 57_081,
        ip: "165.225.208.32",
        dc: "YTO3",
        city: "Toronto",
        cc: "CA",
        region: "NorthAmerica",
        lat: 44.0,
        lon: -79.0,
    },
    Vip {
        id: 98_509,
        ip: "165.225.212.34",
        dc: "YMQ1",
        city: "Montreal",
        cc: "CA",
        region: "NorthAmerica",
        lat: 45.0,
        lon: -73.0,
    },
    Vip {
        id: 118_093,
        ip: "147.161.166.32",
        dc: "LON3",
        city: "London",
        cc: "GB",
        region: "Europe",
        lat: 51.0,
        lon: 0.0,
    },
    Vip {
        id: 203_550,
        ip: "165.225.72.33",
        dc: "FRA4",
        city: "Frankfurt",
        cc: "DE",
        region: "Europe",
        lat: 50.0,
        lon: 8.0,
    },
];

pub(crate) fn vip(id: i64) -> Option<&'static Vip> {
    VIPS.iter().find(|v| v.id == id)
}

pub(crate) fn vip_json(v: &Vip, country_code: String) -> Value {
    json!({"id": v.id, "virtualIp": v.ip, "privateServiceEdge": false, "datacenter": v.dc,
           "latitude": v.lat, "longitude": v.lon, "city": v.city, "countryCode": country_code, "region": v.region})
}

/// A VIP as embedded in a GRE tunnel: the country code is padded to four
/// characters and the primary VIP carries `dontProvision`, as recorded.
pub(crate) fn vip_ref(v: &Vip, primary: bool) -> Value {
    let mut j = vip_json(v, format!("{:<4}", v.cc));
    if primary {
        if let Some(o) = j.as_object_mut() {
            o.insert("dontProvision".into(), json!(true));
        }
    }
    j
}

/// VIPs nearest to a source IP or coordinates, at most 5.
pub(crate) fn recommended_vips(
    source_ip: Option<&str>,
    coords: Option<(f64, f64)>,
    within_country: bool,
) -> Vec<&'static Vip> {
    let (lat, lon, cc) = match (coords, source_ip) {
        (Some((lat, lon)), _) => {
            let c = nearest_city(lat, lon);
            (lat, lon, c.cc)
        }
        (None, Some(ip)) => {
            let c = city_for_ip(ip);
            (c.lat, c.lon, c.cc)
        }
        (None, None) => (0.0, 0.0, ""),
    };
    let mut vips: Vec<&Vip> = VIPS
        .iter()
        .filter(|v| !within_country || v.cc == cc)
        .collect();
    vips.sort_by(|a, b| {
        distance(lat, lon, a.lat, a.lon).total_cmp(&distance(lat, lon, b.lat, b.lon))
    });
    vips.truncate(5);
    vips
}

pub(crate) fn vip_query(req: &Req) -> Result<Vec<&'static Vip>, Resp> {
    let source = req.q("sourceIp").map(str::trim).filter(|s| !s.is_empty());
    let coords = match (coord(req, "latitude", 90.0), coord(req, "longitude", 180.0)) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => None,
    };
    if let Some(ip) = source {
        if ip.parse::<Ipv4Addr>().is_err() {
            return Err(invalid_input(&format!("Invalid source IP '{ip}'")));
        }
    } else if coords.is_none() {
        return Err(invalid_input(
            "sourceIp or latitude and longitude are required",
        ));
    }
    Ok(recommended_vips(
        source,
        coords,
        req.q_bool("withinCountryOnly"),
    ))
}

pub(crate) fn vips_recommended(_more: &MoreState, req: &Req) -> Resp {
    match vip_query(req) {
        Ok(vips) => Resp::ok(Value::Array(
            vips.iter().map(|v| vip_json(v, v.cc.to_string())).collect(),
        )),
        Err(r) => r,
    }
}

pub(crate) fn vips_by_datacenter(_more: &MoreState, req: &Req) -> Resp {
    match vip_query(req) {
        Ok(vips) => Resp::ok(Value::Array(
            vips.iter()
                .map(|v| {
                    json!({"datacenter": {"datacenter": v.dc, "latitude": v.lat, "longitude": v.lon,
                                          "city": v.city, "countryCode": v.cc, "region": v.region},
                           "greVips": [{"id": v.id, "virtualIp": v.ip}]})
                })
                .collect(),
        )),
        Err(r) => r,
    }
}

/// Free /29 internal ranges in 172.17.0.0–172.31.255.255 (start, end),
/// skipping those GRE tunnels use.
pub(crate) fn free_internal_ranges(more: &MoreState, limit: usize) -> Vec<(Ipv4Addr, Ipv4Addr)> {
    let used: Vec<u32> = more
        .coll("greTunnels")
        .iter()
        .filter_map(|t| t.get("internalIpRange").and_then(Value::as_str))
        .filter_map(|r| r.parse::<Ipv4Addr>().ok())
        .map(u32::from)
        .collect();
    let start = u32::from(Ipv4Addr::new(172, 17, 0, 0));
    let end = u32::from(Ipv4Addr::new(172, 31, 255, 248));
    let mut out = Vec::new();
    let mut a = start;
    while a <= end && out.len() < limit {
        if !used.iter().any(|u| *u / 8 == a / 8) {
            out.push((Ipv4Addr::from(a), Ipv4Addr::from(a + 7)));
        }
        a += 8;
    }
    out
}

pub(crate) fn internal_ip_ranges(more: &MoreState, req: &Req) -> Resp {
    let limit = parse_count(req.q("limit"))
        .filter(|n| *n > 0)
        .unwrap_or(10)
        .min(1000);
    let limit = usize::try_from(limit).unwrap_or(1000);
    Resp::ok(Value::Array(
        free_internal_ranges(more, limit)
            .into_iter()
            .map(|(a, b)| json!({"startIPAddress": a.to_string(), "endIPAddress": b.to_string()}))
            .collect(),
    ))
}
