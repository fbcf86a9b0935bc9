package dev.scrapbook.save.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    @ParameterizedTest(name = "{0} is not public")
    @ValueSource(strings = {
            "127.0.0.1", "127.255.255.254", "0.0.0.0", "0.1.2.3",
            "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.255",
            "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1",
            "192.0.0.8", "192.0.2.1", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9",
            "::1", "::", "fe80::1", "febf::1", "fec0::1", "fc00::1", "fd12:3456::1", "ff02::1", "100::1",
            "2001:db8::1", "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
            "::127.0.0.1", "::10.0.0.1", "::169.254.169.254",
            "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1",
            "2002:7f00:1::1", "2002:a9fe:a9fe::", "2002:c0a8:101::1"})
    void refusesNonPublicAddresses(String literal) {
        assertThat(AddressPolicy.refusalReason(address(literal))).isPresent();
    }

    @ParameterizedTest(name = "{0} is public")
    @ValueSource(strings = {
            "93.184.216.34", "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1",
            "100.63.255.255", "100.128.0.1", "169.253.255.255", "169.255.0.1", "192.0.1.1",
            "198.17.255.255", "198.20.0.1", "223.255.255.254",
            "2606:4700::1", "2a00:1450:4001::1", "2001:4860:4860::8888",
            "::ffff:93.184.216.34", "::93.184.216.34", "64:ff9b::5db8:d822", "2002:5db8:d822::1"})
    void judgesPublicAddressesPublicWithoutConnecting(String literal) {
        assertThat(AddressPolicy.refusalReason(address(literal))).isEmpty();
    }

    @Test
    void namesTheEmbeddedIpv4WhenRefusingAnIpv6Form() {
        assertThat(AddressPolicy.refusalReason(address("::ffff:169.254.169.254")))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("link-local").contains("IPv4-mapped").contains("169.254.169.254"));
        assertThat(AddressPolicy.refusalReason(address("64:ff9b::a00:1")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("private").contains("NAT64"));
    }

    @Test
    void refusesMappedLoopbackAlsoInTheIpv4FormJavaFoldsItInto() {
        InetAddress folded = InetAddress.ofLiteral("::ffff:127.0.0.1");

        assertThat(folded).isInstanceOf(Inet4Address.class);
        assertThat(AddressPolicy.isPublic(folded)).isFalse();
    }

    @Test
    void refusesTeredoWithItsOwnReason() {
        assertThat(AddressPolicy.refusalReason(address("2001:0:4136:e378:8000:63bf:3fff:fdd2")))
                .hasValue("Teredo address");
    }

    /** Keeps IPv4-mapped literals in their 16-byte IPv6 form, which Java would fold into IPv4. */
    private static InetAddress address(String literal) {
        InetAddress parsed = InetAddress.ofLiteral(literal);
        if (literal.contains(":") && parsed instanceof Inet4Address v4) {
            try {
                return Inet6Address.getByAddress(null, IpRange.ipv4Mapped(v4.getAddress()), -1);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return parsed;
    }
}
