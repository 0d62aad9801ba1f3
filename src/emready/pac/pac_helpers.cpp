#include "emready/pac/pac_helpers.hpp"

namespace emready::pac {

std::string_view pac_helpers_js()
{
  static constexpr std::string_view k_js = R"JS(
function isPlainHostName(host) {
  return String(host).indexOf('.') < 0;
}
function dnsDomainIs(host, domain) {
  host = String(host).toLowerCase(); domain = String(domain).toLowerCase();
  return host.length >= domain.length &&
         host.substring(host.length - domain.length) === domain;
}
function localHostOrDomainIs(host, hostdom) {
  host = String(host).toLowerCase(); hostdom = String(hostdom).toLowerCase();
  if (host === hostdom) return true;
  return host.indexOf('.') < 0 && hostdom.indexOf(host + '.') === 0;
}
function isResolvable(host) {
  return dnsResolve(host) !== null;
}
function dnsDomainLevels(host) {
  return String(host).split('.').length - 1;
}
function __emready_ipv4(text) {
  var m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(String(text));
  if (!m) return null;
  var value = 0;
  for (var i = 1; i <= 4; i++) {
    var octet = parseInt(m[i], 10);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}
function isInNet(host, pattern, mask) {
  var address = __emready_ipv4(host);
  if (address === null) {
    var resolved = dnsResolve(host);
    if (resolved === null) return false;
    address = __emready_ipv4(resolved);
    if (address === null) return false;
  }
  var p = __emready_ipv4(pattern), m = __emready_ipv4(mask);
  if (p === null || m === null) return false;
  // Unsigned 32-bit arithmetic without bit operators' sign: compare octet by octet.
  for (var shift = 16777216; shift >= 1; shift /= 256) {
    var a = Math.floor(address / shift) % 256, b = Math.floor(p / shift) % 256,
        k = Math.floor(m / shift) % 256;
    if ((a & k) !== (b & k)) return false;
  }
  return true;
}
function shExpMatch(str, shexp) {
  var source = String(shexp).replace(/[.+^${}()|[\]\\\/]/g, '\\$&')
                            .replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp('^' + source + '$').test(String(str));
}
var __emready_days = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
var __emready_months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT',
                        'NOV', 'DEC'];
function __emready_args(list) {
  var args = Array.prototype.slice.call(list);
  var gmt = args.length > 0 && String(args[args.length - 1]).toUpperCase() === 'GMT';
  if (gmt) args.pop();
  return { args: args, now: new Date(), gmt: gmt };
}
// Inclusive range that wraps (FRI..MON, NOV..FEB, 22..6).
function __emready_in(value, low, high) {
  return low <= high ? (value >= low && value <= high) : (value >= low || value <= high);
}
function weekdayRange() {
  var a = __emready_args(arguments);
  var today = a.gmt ? a.now.getUTCDay() : a.now.getDay();
  var first = __emready_days.indexOf(String(a.args[0]).toUpperCase());
  if (first < 0) return false;
  if (a.args.length < 2) return today === first;
  var last = __emready_days.indexOf(String(a.args[1]).toUpperCase());
  if (last < 0) return false;
  return __emready_in(today, first, last);
}
function dateRange() {
  var a = __emready_args(arguments), n = a.now;
  var day = a.gmt ? n.getUTCDate() : n.getDate();
  var month = a.gmt ? n.getUTCMonth() : n.getMonth();
  var year = a.gmt ? n.getUTCFullYear() : n.getFullYear();
  // Each argument is a day (1..31), a month name, or a year (> 31).
  var parts = [];
  for (var i = 0; i < a.args.length; i++) {
    var v = a.args[i], m = __emready_months.indexOf(String(v).toUpperCase());
    if (m >= 0) parts.push({ kind: 'm', value: m });
    else if (typeof v === 'number' && v > 31) parts.push({ kind: 'y', value: v });
    else if (typeof v === 'number' && v >= 1) parts.push({ kind: 'd', value: v });
    else return false;
  }
  var now = { d: day, m: month, y: year };
  var half = parts.length / 2;
  if (parts.length === 1) return now[parts[0].kind] === parts[0].value;
  if (parts.length % 2 !== 0) return false;
  // Compare (year, month, day) tuples over the fields the arguments name.
  var key = function(list, source) {
    var out = 0;
    var scale = { y: 10000, m: 100, d: 1 };
    for (var j = 0; j < list.length; j++) out += (source ? source[list[j].kind] : list[j].value) * scale[list[j].kind];
    return out;
  };
  var low = parts.slice(0, half), high = parts.slice(half);
  for (var k = 0; k < half; k++) if (low[k].kind !== high[k].kind) return false;
  var value = key(low, now), from = key(low), to = key(high);
  var hasYear = low.some(function(p) { return p.kind === 'y'; });
  return hasYear ? (value >= from && value <= to) : __emready_in(value, from, to);
}
function timeRange() {
  var a = __emready_args(arguments), n = a.now;
  var h = a.gmt ? n.getUTCHours() : n.getHours();
  var mi = a.gmt ? n.getUTCMinutes() : n.getMinutes();
  var s = a.gmt ? n.getUTCSeconds() : n.getSeconds();
  var x = a.args.map(Number);
  for (var i = 0; i < x.length; i++) if (isNaN(x[i])) return false;
  var now = h * 3600 + mi * 60 + s;
  if (x.length === 1) return h === x[0];
  if (x.length === 2) return x[0] <= x[1] ? (h >= x[0] && h < x[1]) : (h >= x[0] || h < x[1]);
  var from, to;
  if (x.length === 4) { from = x[0] * 3600 + x[1] * 60; to = x[2] * 3600 + x[3] * 60; }
  else if (x.length === 6) { from = x[0] * 3600 + x[1] * 60 + x[2]; to = x[3] * 3600 + x[4] * 60 + x[5]; }
  else return false;
  return __emready_in(now, from, to);
}
function alert(message) {}
)JS";
  return k_js;
}

} // namespace emready::pac
