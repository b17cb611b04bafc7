package dev.jdx.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jdx.image.Descriptor;
import dev.jdx.image.Digest;
import dev.jdx.image.DigestMismatchException;
import dev.jdx.image.Verification;
import dev.jdx.image.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobCacheTest {
    private static final byte[] BYTES = "layer bytes".getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.sha256(BYTES);

    @Test
    void teeCommitsOnlyAtTheVerifiedEnd(@TempDir Path dir) throws IOException {
        BlobCache cache = new BlobCache(dir);
        VerifyingInputStream v = new VerifyingInputStream(new ByteArrayInputStream(BYTES), "blob", DIGEST, BYTES.length, Verification.strict());
        try (InputStream in = cache.tee(v, DIGEST, Verification.strict())) {
            assertThat(in.readNBytes(5)).hasSize(5);
            assertThat(cache.contains(DIGEST)).isFalse();
            assertThat(in.readAllBytes()).hasSize(BYTES.length - 5);
        }
        assertThat(cache.contains(DIGEST)).isTrue();
        assertThat(Files.readAllBytes(cache.path(DIGEST))).isEqualTo(BYTES);
        try (InputStream in = cache.open(new Descriptor(null, DIGEST, BYTES.length), Verification.strict(), "blob")) {
            assertThat(in.readAllBytes()).isEqualTo(BYTES);
        }
    }

    @Test
    void aCorruptedEntryIsCaughtOnRead(@TempDir Path dir) throws IOException {
        BlobCache cache = new BlobCache(dir);
        cache.put(DIGEST, BYTES);
        Files.writeString(cache.path(DIGEST), "tampered!!!");
        assertThatThrownBy(() -> {
            try (InputStream in = cache.open(new Descriptor(null, DIGEST, BYTES.length), Verification.strict(), "reading layer 1")) {
                in.readAllBytes();
            }
        }).isInstanceOf(DigestMismatchException.class).hasMessageContaining("blob cache").hasMessageContaining(DIGEST.toString());
    }

    @Test
    void staleTemporariesAreRemovedFreshOnesKept(@TempDir Path dir) throws IOException {
        BlobCache cache = new BlobCache(dir);
        cache.put(DIGEST, BYTES);
        Path old = cache.path(DIGEST).resolveSibling(".tmp-" + DIGEST.hex() + "-old");
        Path fresh = cache.path(DIGEST).resolveSibling(".tmp-" + DIGEST.hex() + "-fresh");
        Files.writeString(old, "partial");
        Files.writeString(fresh, "in progress");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        assertThat(cache.removeStaleTemporaries(Duration.ofDays(1))).isEqualTo(1);
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
        assertThat(cache.contains(DIGEST)).isTrue();
    }
}
