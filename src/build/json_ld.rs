//! The article and the FAQ as schema.org structured data, for search engines.

use crate::domain::content::{Content, plain_text};

/// schema.org FAQPage structured data with the FAQ's own text, safe to put
/// inside a `<script>` element.
pub fn faq_json_ld(content: &Content) -> String {
    let questions: Vec<serde_json::Value> = content
        .article
        .faq()
        .iter()
        .map(|entry| {
            let answer: Vec<String> = entry.answer.iter().map(|p| plain_text(p)).collect();
            serde_json::json!({
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": { "@type": "Answer", "text": answer.join("\n\n") },
            })
        })
        .collect();
    let data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": questions,
    });
    // `</` would end the script element early; `<\/` means the same in JSON.
    data.to_string().replace("</", "<\\/")
}

/// schema.org Article structured data: the article's headline, summary,
/// author and section (and address, when the site's is set), safe to put
/// inside a `<script>` element.
pub fn article_json_ld(content: &Content) -> String {
    let article = &content.article;
    let mut data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.subtitle,
        "author": { "@type": "Person", "name": article.author },
        "articleSection": article.category,
        "inLanguage": "en",
    });
    if let Some(site) = &content.site_url {
        data["url"] = serde_json::Value::String(format!("{}/", site.trim_end_matches('/')));
    }
    data.to_string().replace("</", "<\\/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::test_content;

    #[test]
    fn article_structured_data_names_the_article_and_its_author() {
        let content = test_content();
        let data: serde_json::Value = serde_json::from_str(&article_json_ld(&content)).unwrap();
        assert_eq!(data["@type"], "Article");
        assert_eq!(data["headline"], content.article.title.as_str());
        assert_eq!(data["author"]["name"], content.article.author.as_str());
        assert_eq!(data["description"], content.article.subtitle.as_str());
    }

    #[test]
    fn faq_structured_data_carries_the_same_text() {
        let content = test_content();
        let data: serde_json::Value = serde_json::from_str(&faq_json_ld(&content)).unwrap();
        assert_eq!(data["@type"], "FAQPage");
        let questions = data["mainEntity"].as_array().unwrap();
        assert_eq!(questions.len(), content.article.faq().len());
        assert!(!questions.is_empty());
        for (q, entry) in questions.iter().zip(content.article.faq()) {
            assert_eq!(q["name"], entry.question.as_str());
            let first = plain_text(&entry.answer[0]);
            assert!(q["acceptedAnswer"]["text"].as_str().unwrap().starts_with(&first));
        }
    }
}
