package dev.jdx.image.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a user's {@code --image} / {@code SOURCE:NAME} matches the names a source records. */
class ImageNamesTest {
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            app                       | app:latest                          | true
            app                       | docker.io/library/app:latest        | true
            app:1.0                   | docker.io/library/app:1.0           | true
            app:1.0                   | app:2.0                             | false
            team/app:1                | docker.io/team/app:1                | true
            team/app:1                | index.docker.io/team/app:1          | true
            jdx-demo/app:1.0          | localhost/jdx-demo/app:1.0          | true
            app:1.0                   | localhost/app:1.0                   | true
            quay.io/x/app:1           | localhost/quay.io/x/app:1           | false
            registry:5000/app:1       | registry:5000/app:1                 | true
            registry:5000/app         | registry:5000/app:latest            | true
            registry:5000/app:1       | docker.io/library/app:1             | false
            app@sha256:abc            | docker.io/library/app@sha256:abc    | true
            App:1.0                   | app:1.0                             | true
            """)
    void matches(String wanted, String candidate, boolean expected) {
        assertThat(ImageNames.matches(wanted, candidate)).isEqualTo(expected);
    }
}
