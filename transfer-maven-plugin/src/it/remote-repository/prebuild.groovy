// Publish the tiny base under other coordinates in a directory laid out as a Maven repository;
// those coordinates exist nowhere else, so only the remote repository can provide them.
def source = new File(localRepositoryPath, 'it/transfer/tiny-base/1.0/tiny-base-1.0-model.zip')
def dir = new File(basedir, 'remote-repo/com/acme/vision/remote-base/2.0')
dir.mkdirs()
new File(dir, 'remote-base-2.0-model.zip').bytes = source.bytes
new File(dir, 'remote-base-2.0.pom').text = '''<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.acme.vision</groupId>
  <artifactId>remote-base</artifactId>
  <version>2.0</version>
  <packaging>pom</packaging>
</project>
'''
// A run before this one left a copy in the local repository: remove it, so this run downloads again.
new File(localRepositoryPath, 'com/acme/vision/remote-base').deleteDir()
true
