"""Where a webhook may go: public addresses only, whatever the spelling, unless allowed by name."""
import pytest

from bot.webhooks.addresses import NotAllowed, PrivateAddress, blocked, check_url, resolve_target

# Loopback, private, link-local (cloud metadata), shared (carrier-grade NAT), multicast,
# unspecified, reserved and broadcast; the IPv6 ones, and IPv6 forms that carry one of the former.
INTERNAL = ["127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
            "100.64.0.1", "224.0.0.1", "239.255.255.250", "0.0.0.0", "240.0.0.1",
            "255.255.255.255", "192.0.2.10", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1",
            "fd12:3456::1", "ff02::1", "fec0::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
            "::ffff:169.254.169.254", "2002:7f00:1::1", "64:ff9b::a00:1", "::127.0.0.1",
            "2001:db8::1", "fe80::1%1"]
PUBLIC = ["93.184.215.14", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8",
          "2002:808:808::1", "64:ff9b::808:808"]


def dns(*addresses: str):
    """A resolver that answers every name with these addresses."""
    return lambda host, port: list(addresses)


@pytest.mark.parametrize("address", INTERNAL)
def test_an_address_off_the_public_internet_is_blocked(address):
    assert blocked(address)


@pytest.mark.parametrize("address", PUBLIC)
def test_a_public_address_is_not_blocked(address):
    assert not blocked(address)


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://localhost:5432/",
    "http://[::1]/", "http://0x7f000001/", "http://2130706433/", "http://017700000001/",
    "http://127.1/", "http://0/", "http://[::ffff:7f00:1]:8080/hook", "https://LOCALHOST./x",
    "http://db.localhost:5432/",
    "http://[0:0:0:0:0:ffff:a9fe:a9fe]/"])
def test_internal_urls_are_refused_however_their_host_is_spelt(url):
    with pytest.raises(PrivateAddress, match="WEBHOOK_ALLOWED_PRIVATE_HOSTS"):
        check_url(url, allowed=())


@pytest.mark.parametrize("url", ["ftp://example.org/", "http:///x", "http://example.org:99999/",
                                 "http://user:pw@example.org/", "javascript:alert(1)"])
def test_malformed_urls_are_refused_with_a_reason(url):
    with pytest.raises(NotAllowed):
        check_url(url, allowed=(), resolve=dns("93.184.215.14"))


def test_a_name_is_refused_when_any_of_its_addresses_is_internal():
    with pytest.raises(PrivateAddress):
        check_url("https://hooks.example.org/", (), dns("93.184.215.14", "10.0.0.7"))


def test_a_name_that_does_not_resolve_yet_may_be_registered_and_is_checked_when_sending():
    def nowhere(host, port):
        raise OSError("Name or service not known")
    check_url("https://not-yet.example.org/", allowed=(), resolve=nowhere)
    with pytest.raises(OSError):
        resolve_target("https://not-yet.example.org/", allowed=(), resolve=nowhere)


def test_a_private_host_is_allowed_only_by_its_own_name_or_address():
    city = ("hooks.city.test", "10.1.2.3", "10.9.0.0/16")
    target = resolve_target("https://Hooks.City.Test:8443/in?x=1", city, dns("10.0.0.5"))
    assert (target.host, target.port, target.path, target.addresses) == (
        "hooks.city.test", 8443, "/in?x=1", ("10.0.0.5",))
    assert resolve_target("http://10.1.2.3/", city, dns("10.1.2.3")).addresses == ("10.1.2.3",)
    assert resolve_target("http://relay.test/", city, dns("10.9.4.4")).addresses == ("10.9.4.4",)
    for url, answer in (("http://other.city.test/", "10.0.0.5"), ("http://10.1.2.4/", "10.1.2.4"),
                        ("http://relay.test/", "169.254.169.254")):
        with pytest.raises(PrivateAddress):
            resolve_target(url, city, dns(answer))


def test_the_checked_addresses_are_the_ones_kept_for_the_connection():
    answers = iter([["2606:4700::1", "93.184.215.14"], ["127.0.0.1"]])  # DNS changing its mind
    rebinding = lambda host, port: next(answers)  # noqa: E731
    assert resolve_target("http://rebind.test/", (), rebinding).addresses == (
        "2606:4700::1", "93.184.215.14")
    with pytest.raises(PrivateAddress):
        resolve_target("http://rebind.test/", (), rebinding)
