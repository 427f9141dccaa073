package io.github.transferml.transfer.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModelUrlsTest {

    @Test
    void redact_should_drop_user_information_query_fragment_and_inner_path() {
        assertEquals("https://repo.example.com:8443/…/model.zip", ModelUrls.redact(
                "https://ci:s3cret@repo.example.com:8443/artifactory/models/v1/model.zip?X-Amz-Signature=abc#part"));
    }

    @Test
    void redact_should_keep_a_url_without_inner_path_whole() {
        assertEquals("http://127.0.0.1:8080/model.zip", ModelUrls.redact("http://127.0.0.1:8080/model.zip"));
        assertEquals("https://host/", ModelUrls.redact("https://user:token@host"));
        assertEquals("https://host/", ModelUrls.redact("https://host/?token=abc"));
    }

    @Test
    void redact_should_name_the_directory_of_a_url_ending_in_a_slash() {
        assertEquals("https://host/…/models", ModelUrls.redact("https://host/a/models/"));
    }

    @Test
    void redact_should_keep_a_bracketed_ipv6_host() {
        assertEquals("http://[::1]:9000/…/model.tar.gz", ModelUrls.redact("http://u:p@[::1]:9000/b/model.tar.gz"));
    }

    @Test
    void redact_should_elide_a_host_that_may_be_part_of_a_malformed_password() {
        // A raw '/' or '?' in a password ends the authority early: what precedes it is no host.
        assertEquals("https://…/…/model.zip", ModelUrls.redact("https://ci:pa/ss@host/models/model.zip"));
        assertEquals("https://…/", ModelUrls.redact("https://ci:pa?ss@host/models/model.zip"));
    }

    @Test
    void redact_should_show_only_the_name_of_a_file_url() {
        assertEquals("file:…/model.zip", ModelUrls.redact("file:/home/me/models/model.zip"));
        assertEquals("file:…/model.zip", ModelUrls.redact("file:///C:/models/model.zip"));
    }

    @Test
    void redact_should_keep_a_djl_zoo_url_whole() {
        assertEquals("djl://ai.djl.zoo/resnet?layers=50&flavor=v1",
                ModelUrls.redact("djl://ai.djl.zoo/resnet?layers=50&flavor=v1"));
    }

    @Test
    void redact_should_show_only_the_name_of_a_url_without_scheme() {
        assertEquals("…/model.zip", ModelUrls.redact("host/secret/model.zip?sig=1"));
    }

    @Test
    void fileName_should_be_the_last_path_segment_made_safe() {
        assertEquals("model.zip", ModelUrls.fileName("https://u:p@host/a/b/model.zip?sig=1#x"));
        assertEquals("_2F.._2Fevil.zip", ModelUrls.fileName("https://host/a/%2F..%2Fevil.zip"));
        assertEquals("model", ModelUrls.fileName("https://host"));
        assertEquals("model", ModelUrls.fileName("https://host/a/.."));
    }
}
