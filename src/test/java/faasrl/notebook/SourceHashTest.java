package faasrl.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceHashTest {
  private static Path repo(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("toolkit/java/a"));
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("pom.xml"), "<project/>");
    Files.writeString(dir.resolve("toolkit/java/a/A.java"), "class A {}");
    Files.writeString(dir.resolve("data/f.yaml"), "x: 1");
    Files.writeString(dir.resolve(".gitignore"), "target/\n*.class\n# comment\n");
    return dir;
  }

  @Test void dependsOnPathsAndContentsNotOnTimesOrIgnoredFiles(@TempDir Path dir) throws Exception {
    Path r = repo(dir);
    String h = SourceHash.of(r);
    assertThat(h).matches("[0-9a-f]{16}");
    Files.setLastModifiedTime(r.resolve("data/f.yaml"), FileTime.fromMillis(0));
    Files.writeString(r.resolve("toolkit/java/a/A.class"), "binary");
    Files.createDirectories(r.resolve("toolkit/target"));
    Files.writeString(r.resolve("toolkit/target/x.txt"), "built");
    Files.writeString(r.resolve("README.md"), "not hashed");
    assertThat(SourceHash.of(r)).as("mtime, ignored files, files outside the roots").isEqualTo(h);
    Files.writeString(r.resolve("data/f.yaml"), "x: 2");
    assertThat(SourceHash.of(r)).as("a changed file").isNotEqualTo(h);
    Files.writeString(r.resolve("data/f.yaml"), "x: 1");
    Files.move(r.resolve("data/f.yaml"), r.resolve("data/g.yaml"));
    assertThat(SourceHash.of(r)).as("a renamed file").isNotEqualTo(h);
  }

  @Test void nestedIgnoreFilesAndNegationApply(@TempDir Path dir) throws Exception {
    Path r = repo(dir);
    Files.writeString(r.resolve("data/.gitignore"), "*.tmp\n!keep.tmp\n/local/\n");
    Files.writeString(r.resolve("data/a.tmp"), "1");
    Files.writeString(r.resolve("data/keep.tmp"), "2");
    Files.createDirectories(r.resolve("data/local"));
    Files.writeString(r.resolve("data/local/x"), "3");
    assertThat(SourceHash.files(r)).containsExactly("data/.gitignore", "data/f.yaml", "data/keep.tmp", "pom.xml",
        "toolkit/java/a/A.java");
  }

  @Test void hashesTheFilesGitWouldTrackInThisRepository() throws Exception {
    Path repo = Path.of("").toAbsolutePath();
    Process git = new ProcessBuilder("git", "ls-files", "--cached", "--others", "--exclude-standard", "--",
        "toolkit", "data", "pom.xml").directory(repo.toFile()).redirectErrorStream(true).start();
    String out = new String(git.getInputStream().readAllBytes());
    if (git.waitFor() != 0) {
      return; // not a git checkout (a source tarball): nothing to compare with
    }
    // deleted-but-tracked files are listed by git and absent on disk: compare what exists
    var listed = out.lines().filter(l -> Files.isRegularFile(repo.resolve(l))).sorted().toList();
    assertThat(SourceHash.files(repo)).isEqualTo(listed);
  }
}
