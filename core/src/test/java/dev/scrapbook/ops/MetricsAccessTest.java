package dev.scrapbook.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Who may read /actuator/prometheus: the token holder; loopback callers only where the local runtime allows it. */
class MetricsAccessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void closedWithoutATokenEvenToLoopbackByDefault() throws Exception {
        MockHttpServletResponse answer = scrape(new MetricsAccess("", false, JSON), "127.0.0.1", null);
        assertThat(answer.getStatus()).isEqualTo(403);
        assertThat(answer.getContentType()).isEqualTo("application/problem+json");
        assertThat(answer.getContentAsString()).contains("problems/forbidden").contains("SCRAPBOOK_METRICS_TOKEN");
    }

    @Test
    void theLocalRuntimeServesLoopbackCallersOnly() throws Exception {
        MetricsAccess local = new MetricsAccess("", true, JSON);
        assertThat(scrape(local, "127.0.0.1", null).getStatus()).isEqualTo(200);
        assertThat(scrape(local, "::1", null).getStatus()).isEqualTo(200);
        assertThat(scrape(local, "192.0.2.7", null).getStatus()).isEqualTo(403);
    }

    @Test
    void aTokenMustBeSentWhenOneIsSetFromAnyAddress() throws Exception {
        MetricsAccess guarded = new MetricsAccess("s3cret-metrics-token", true, JSON);
        assertThat(scrape(guarded, "192.0.2.7", "Bearer s3cret-metrics-token").getStatus()).isEqualTo(200);
        assertThat(scrape(guarded, "127.0.0.1", null).getStatus()).isEqualTo(403);
        assertThat(scrape(guarded, "127.0.0.1", "Bearer wrong").getStatus()).isEqualTo(403);
    }

    @Test
    void leavesOtherPathsAlone() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health/readiness");
        request.setRemoteAddr("192.0.2.7");
        MockHttpServletResponse response = new MockHttpServletResponse();
        new MetricsAccess("", false, JSON).doFilter(request, response, new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(200);
    }

    private static MockHttpServletResponse scrape(MetricsAccess access, String from, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", MetricsAccess.PATH);
        request.setRemoteAddr(from);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        access.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
