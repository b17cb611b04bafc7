package dev.jdx.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileContentsTest {

    @Test
    void followsRelativeAbsoluteAndParentSymlinks() {
        var f = new TestFs().file("/usr/lib/os-release", "ID=a\n")
                .symlink("/etc/os-release", "../usr/lib/os-release")
                .symlink("/lib", "usr/lib")
                .symlink("/abs", "/usr/lib/os-release")
                .symlink("/chain", "abs").files();
        assertThat(f.read("/etc/os-release").path()).isEqualTo("/usr/lib/os-release");
        assertThat(f.read("/etc/os-release").text()).isEqualTo("ID=a\n");
        assertThat(f.read("/lib/os-release").path()).isEqualTo("/usr/lib/os-release");
        assertThat(f.read("/chain").text()).isEqualTo("ID=a\n");
    }

    /** Names that sort between "/d" and "/d/" ('-' and '.' are below '/') must neither hide nor join its content. */
    @Test
    void underListsTheFilesBelowADirectoryOnly() {
        var f = new TestFs().file("/d-x", "1").file("/d.y", "2").file("/d/a", "3").file("/d/s/b", "4")
                .file("/d0", "5").file("/c", "6").file("/dd/e", "7").files();
        assertThat(f.under("/d")).extracting(e -> e.entry().path()).containsExactly("/d/a", "/d/s/b");
        assertThat(f.under("/d/")).extracting(e -> e.entry().path()).containsExactly("/d/a", "/d/s/b");
        assertThat(f.under("/d/s")).extracting(e -> e.entry().path()).containsExactly("/d/s/b");
        assertThat(f.under("/nothing")).isEmpty();
        assertThat(f.under("/")).hasSize(7);
    }

    @Test
    void danglingAndLoopingLinksAreAbsent() {
        var f = new TestFs().symlink("/a", "b").symlink("/b", "a").symlink("/d", "/nowhere").files();
        assertThat(f.read("/a")).isNull();
        assertThat(f.read("/d")).isNull();
        assertThat(f.read("/missing")).isNull();
    }

    @Test
    void lastWriterWinsAndDeletedFilesAreGone() {
        var f = new TestFs().file("/etc/os-release", "ID=old\n").layer().file("/etc/os-release", "ID=new\n").files();
        assertThat(f.read("/etc/os-release").text()).isEqualTo("ID=new\n");
        assertThat(f.read("/etc/os-release").entry().layer()).isEqualTo(1);
        var g = new TestFs().file("/etc/os-release", "ID=old\n").layer().whiteout("/etc/os-release").files();
        assertThat(g.read("/etc/os-release")).isNull();
    }

    @Test
    void fileLargerThanTheLimitIsPresentWithoutBytes() {
        var f = new TestFs(path -> 3).file("/etc/os-release", "ID=toolong\n").files();
        assertThat(f.read("/etc/os-release")).isNotNull();
        assertThat(f.read("/etc/os-release").bytes()).isNull();
    }
}
