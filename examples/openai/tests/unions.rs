//! Unions whose variants are not models (the docs list them under an empty `### ` heading):
//! each JSON value lands in the variant whose type reads it, in the docs' order, and writes back
//! unchanged; `From` builds them from the variant's type.

use openai_models::shared::{
    BatchSize, ChatCompletionRequestMessageContentPart, ChatCompletionRequestMessageContentPartText, Content,
    CreateFineTuningJobRequest1, Input, LearningRateMultiplier, Stop,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Reads `value`, checks it became `expected`, and that it writes back as `value`.
fn reads_as<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(value: Value, expected: T) {
    let read: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"));
    assert_eq!(read, expected, "{value}");
    assert_eq!(serde_json::to_value(&read).unwrap(), value);
}

#[test]
fn strings_lists_and_numbers_land_in_their_variants() {
    reads_as(json!("\n"), Stop::Str("\n".into()));
    reads_as(json!(["a", "b"]), Stop::ArrayOfstr(vec!["a".into(), "b".into()]));
    reads_as(json!("some text"), Input::Str("some text".into()));
    reads_as(json!(["one", "two"]), Input::ArrayOfstr(vec!["one".into(), "two".into()]));
    reads_as(json!([1, 2]), Input::ArrayOfinteger(vec![1, 2]));
    reads_as(json!([[1], [2, 3]]), Input::ArrayOfarrayOfinteger(vec![vec![1], vec![2, 3]]));
    reads_as(json!(16), BatchSize::Integer(16));
    reads_as(json!("auto"), BatchSize::CreateFineTuningJobRequest1(CreateFineTuningJobRequest1::Auto));
    reads_as(json!(0.5), LearningRateMultiplier::Number(0.5));
}

#[test]
fn a_list_of_models_is_a_variant() {
    let part = json!({ "type": "text", "text": "Hello" });
    let read: Content = serde_json::from_value(json!([part])).unwrap();
    let Content::ArrayOfChatCompletionRequestMessageContentPart(parts) = &read else {
        panic!("{read:?} is not the list variant");
    };
    assert!(matches!(
        &parts[..],
        [ChatCompletionRequestMessageContentPart::ChatCompletionRequestMessageContentPartText(
            ChatCompletionRequestMessageContentPartText { text, .. }
        )] if text == "Hello"
    ));
    assert_eq!(serde_json::to_value(&read).unwrap(), json!([part]));
    reads_as(json!("Hello"), Content::Str("Hello".into()));
}

#[test]
fn values_of_no_variant_are_refused() {
    for value in [json!(true), json!({ "a": 1 }), json!([true])] {
        let err = serde_json::from_value::<Stop>(value.clone()).unwrap_err();
        assert!(err.to_string().contains("fits no variant of `Stop`"), "{value}: {err}");
    }
    // A fraction is no integer, and `BatchSize` has no float variant.
    assert!(serde_json::from_value::<BatchSize>(json!(1.5)).is_err());
}

#[test]
fn from_builds_each_variant_of_a_type_no_other_variant_has() {
    assert_eq!(Stop::from("x".to_owned()), Stop::Str("x".into()));
    assert_eq!(Stop::from(vec!["x".to_owned()]), Stop::ArrayOfstr(vec!["x".into()]));
    assert_eq!(Input::from(vec![vec![1_i64]]), Input::ArrayOfarrayOfinteger(vec![vec![1]]));
    assert_eq!(BatchSize::from(3_i64), BatchSize::Integer(3));
    assert_eq!(LearningRateMultiplier::from(2.0), LearningRateMultiplier::Number(2.0));
}
