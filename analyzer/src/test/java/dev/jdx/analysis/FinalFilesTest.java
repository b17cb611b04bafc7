package dev.jdx.analysis;

import static dev.jdx.analysis.Entries.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.jdx.fs.LayerStack;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinalFilesTest {

    @Test
    void duplicatesGroupFilesOfOneDigestMostSharableBytesFirst() {
        var stack = LayerStack.build(layers(
                of(dir("/a"), file("/a/z", 100, "s1"), file("/a/y", 100, "s1"), file("/u", 5, "s3"),
                        file("/e1", 0, "empty"), file("/e2", 0, "empty"), hardlink("/a/h", "/a/z")),
                // a later layer adds a third copy, and replaces one file of the second group's digest
                of(file("/b/x", 100, "s1"), file("/p", 300, "s2"), file("/q", 300, "s2"), file("/u2", 6, "s4"))));
        var groups = FinalFiles.duplicates(stack.finalTree());
        assertThat(groups).extracting(DuplicateGroup::sha256, DuplicateGroup::sizeBytes, DuplicateGroup::count,
                DuplicateGroup::sharableBytes, DuplicateGroup::paths).containsExactly(
                tuple("s2", 300L, 2, 300L, List.of("/p", "/q")),
                tuple("s1", 100L, 3, 200L, List.of("/a/y", "/a/z", "/b/x")));
    }

    @Test
    void equalSharableBytesAreOrderedByFirstPathAndAGroupListsAtMostTwentyPaths() {
        List<dev.jdx.fs.FileEntry> files = new ArrayList<>();
        for (int i = 0; i < 25; i++) files.add(file(String.format("/m/%02d", i), 10, "many"));
        files.add(file("/c1", 120, "c"));
        files.add(file("/c0", 120, "c"));
        files.add(file("/b0", 240, "b")); // 240 sharable, as the 25 copies of 10 bytes
        files.add(file("/b1", 240, "b"));
        var groups = FinalFiles.duplicates(LayerStack.build(layers(files)).finalTree());
        assertThat(groups).extracting(DuplicateGroup::sha256).containsExactly("b", "many", "c");
        assertThat(groups.get(1).count()).isEqualTo(25);
        assertThat(groups.get(1).paths()).hasSize(DuplicateGroup.MAX_PATHS).startsWith("/m/00", "/m/01");
        assertThat(groups.get(2).paths()).containsExactly("/c0", "/c1");
    }
}
