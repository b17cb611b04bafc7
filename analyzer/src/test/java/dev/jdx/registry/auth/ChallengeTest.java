package dev.jdx.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChallengeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"' | bearer | https://auth.docker.io/token | registry.docker.io | repository:library/ubuntu:pull | -
            'Basic realm="Registry Realm"' | basic | Registry Realm | - | - | -
            'BEARER Realm="https://r.example/token", Service="svc"' | bearer | https://r.example/token | svc | - | -
            'Bearer realm="https://r/t",service="s",scope="repository:a/b:pull,push",error="insufficient_scope"' | bearer | https://r/t | s | repository:a/b:pull,push | insufficient_scope
            'Bearer realm="https://r/t?x=1,2",service="a \\"quoted\\" name"' | bearer | https://r/t?x=1,2 | a "quoted" name | - | -
            'Bearer realm=https://unquoted/token,service=svc' | bearer | https://unquoted/token | svc | - | -
            'Bearer   realm = "https://spaces/token" ,  service = "svc"  ' | bearer | https://spaces/token | svc | - | -
            """)
    void parses(String header, String scheme, String realm, String service, String scope, String error) {
        Challenge c = Challenge.parse(header);
        assertThat(c.scheme()).isEqualTo(scheme);
        assertThat(c.realm()).isEqualTo(realm);
        assertThat(c.service()).isEqualTo(service);
        assertThat(c.scope()).isEqualTo(scope);
        assertThat(c.error()).isEqualTo(error);
    }

    @org.junit.jupiter.api.Test
    void severalChallengesInOneHeader() {
        List<Challenge> all = Challenge.parseAll("Basic realm=\"a, b\", Bearer realm=\"https://t/token\",service=\"s\"");
        assertThat(all).extracting(Challenge::scheme).containsExactly("basic", "bearer");
        assertThat(all.get(0).realm()).isEqualTo("a, b");
        assertThat(all.get(1).service()).isEqualTo("s");
        assertThat(Challenge.parseAll(null)).isEmpty();
        assertThat(Challenge.parse("")).isNull();
    }
}
