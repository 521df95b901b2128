#![allow(deprecated)]

use pets_example::pets::{
    Animal, Feeding, Key, Kind, Nickname, Person, Pet, PetPatch, Scraps, Seeds, Slot, Type, Visitor,
};
use pets_example::{Validate, Violation};
use serde_json::json;

#[test]
fn a_pet_round_trips_with_bytes_times_and_maps() {
    let value = json!({
        "name": "Rex",
        "age_years": 3,
        "kind": "dog",
        "tags": ["good"],
        "attributes": {"colour": "brown"},
        "born_at": "2020-01-02T03:04:05Z",
        "photo": "aGVsbG8=",
        "extra": {"anything": [1, 2]}
    });
    let pet: Pet = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(pet.photo.as_deref(), Some(&b"hello"[..]));
    assert_eq!(pet.kind, Kind::Dog);
    assert_eq!(serde_json::to_value(&pet).unwrap(), value);
}

#[test]
fn enum_values_named_like_the_fallback_do_not_clash() {
    assert_eq!(serde_json::from_value::<Kind>(json!("unknown")).unwrap(), Kind::Unknown);
    assert_eq!(serde_json::from_value::<Kind>(json!("self")).unwrap(), Kind::SelfValue);
    let later: Kind = serde_json::from_value(json!("parrot")).unwrap();
    assert_eq!(later, Kind::UnknownValue("parrot".to_owned()));
    assert_eq!(serde_json::to_value(&later).unwrap(), json!("parrot"));
}

#[test]
fn models_named_like_the_helpers_of_the_deserialize_impls_still_read() {
    let value = json!({"key": {"secret": "aGk=", "backup": "aGVsbG8="}, "slot": "morning"});
    let visitor: Visitor = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(visitor.key, Key { secret: b"hi".to_vec(), backup: Some(b"hello".to_vec()) });
    assert_eq!(visitor.slot, Some(Slot::Morning));
    assert_eq!(serde_json::to_value(&visitor).unwrap(), value);
    let error = serde_json::from_value::<Key>(json!({"backup": null})).unwrap_err();
    assert_eq!(error.to_string(), "missing field `secret`");
}

#[test]
fn optional_bytes_are_written_as_base64_or_left_out() {
    let key = Key { secret: b"hi".to_vec(), backup: None };
    assert_eq!(serde_json::to_value(&key).unwrap(), json!({"secret": "aGk="}));
    let key = Key { secret: Vec::new(), backup: Some(vec![0xff]) };
    assert_eq!(serde_json::to_value(&key).unwrap(), json!({"secret": "", "backup": "/w=="}));
}

#[test]
fn a_model_that_holds_itself_is_boxed() {
    let value = json!({"fullName": "A", "bestFriend": {"fullName": "B", "bestFriend": {"fullName": "C"}}});
    let person: Person = serde_json::from_value(value.clone()).unwrap();
    let friend: &Person = person.best_friend.as_deref().unwrap();
    assert_eq!(friend.full_name, "B");
    assert_eq!(serde_json::to_value(&person).unwrap(), value);
}

#[test]
fn keyword_and_odd_field_names_keep_their_wire_names() {
    let value = json!({"type": "t", "self": "s", "3DSecure": true, "Option": "o"});
    let t: Type = serde_json::from_value(value.clone()).unwrap();
    assert_eq!((t.r#type.as_str(), t.self_.as_deref(), t.field_3d_secure), ("t", Some("s"), Some(true)));
    assert_eq!(serde_json::to_value(&t).unwrap(), value);
}

#[test]
fn an_untagged_union_picks_the_variant_that_knows_every_property() {
    let person = json!({"fullName": "A", "pets": []});
    assert!(matches!(serde_json::from_value::<Animal>(person).unwrap(), Animal::Person(_)));
    let pet = json!({"name": "Rex", "kind": "cat", "tags": []});
    assert!(matches!(serde_json::from_value::<Animal>(pet.clone()).unwrap(), Animal::Pet(_)));
    assert_eq!(serde_json::to_value(serde_json::from_value::<Animal>(pet.clone()).unwrap()).unwrap(), pet);
}

/// The schemas written beside the types in `OUT_DIR` are the ones `schemars` derives.
#[test]
fn schemars_derives_the_schemas_written_beside_the_types() {
    fn check<T: schemars::JsonSchema>(file: &str) {
        let path = format!("{}/json-schema/pets/{file}", env!("OUT_DIR"));
        let mut published: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut derived = serde_json::to_value(schemars::schema_for!(T)).unwrap();
        for key in ["$schema", "$id", "$comment", "$defs"] {
            published.as_object_mut().unwrap().remove(key);
            derived.as_object_mut().unwrap().remove(key);
        }
        assert_eq!(derived, published, "{file}");
    }
    check::<Pet>("pet.json");
    check::<Kind>("kind.json");
    check::<Person>("person.json");
    check::<Animal>("animal.json");
    check::<Type>("type_model.json");
    check::<pets_example::pets::Egg>("egg.json");
    check::<pets_example::pets::Chicken>("chicken.json");
    check::<pets_example::pets::KindEnum>("kind_enum.json");
    check::<Nickname>("nickname.json");
    check::<PetPatch>("pet_patch.json");
    check::<Feeding>("feeding.json");
    check::<Seeds>("seeds.json");
}

/// An optional, nullable field is three states: absent (`None`, left out), `null`
/// (`Some(None)`, written as `null`) and a value; each reads back as it was written.
#[test]
fn optional_nullable_fields_keep_absent_null_and_a_value_apart() {
    let patch = |value: serde_json::Value| serde_json::from_value::<PetPatch>(value).unwrap();
    let base = json!({"reason": null, "stamp": null});
    let absent = patch(base.clone());
    assert_eq!(
        (absent.nickname.clone(), absent.owner.clone(), absent.tags.clone(), absent.photo.clone()),
        (None, None, None, None)
    );
    assert_eq!(serde_json::to_value(&absent).unwrap(), base);
    let nulls = json!({"nickname": null, "owner": null, "tags": null, "photo": null, "reason": null, "stamp": null});
    let cleared = patch(nulls.clone());
    assert_eq!(cleared.nickname, Some(None));
    assert_eq!(cleared.owner, Some(None));
    assert_eq!(cleared.tags, Some(None));
    assert_eq!(cleared.photo, Some(None));
    assert_eq!(serde_json::to_value(&cleared).unwrap(), nulls);
    let values = json!({
        "nickname": "Rexy",
        "owner": {"fullName": "Ann"},
        "tags": ["good"],
        "photo": "aGk=",
        "reason": "renamed",
        "stamp": "aGVsbG8="
    });
    let set = patch(values.clone());
    assert_eq!(set.nickname, Some(Some("Rexy".to_owned())));
    assert_eq!(set.photo, Some(Some(b"hi".to_vec())));
    assert_eq!(set.reason.as_deref(), Some("renamed"));
    assert_eq!(set.stamp.as_deref(), Some(&b"hello"[..]));
    assert_eq!(serde_json::to_value(&set).unwrap(), values);
    // Built in Rust: `Some(None)` is how a PATCH body says "clear it".
    let clear = PetPatch { nickname: Some(None), ..absent };
    assert_eq!(serde_json::to_value(&clear).unwrap(), json!({"nickname": null, "reason": null, "stamp": null}));
}

/// A required, nullable field is always written (`null` for `None`) and must be given, `null`
/// or not.
#[test]
fn required_nullable_fields_are_always_written_and_must_be_given() {
    let error = serde_json::from_value::<PetPatch>(json!({"stamp": null})).unwrap_err();
    assert_eq!(error.to_string(), "missing field `reason`");
    let error = serde_json::from_value::<PetPatch>(json!({"reason": "x"})).unwrap_err();
    assert_eq!(error.to_string(), "missing field `stamp`");
    let patch: PetPatch = serde_json::from_value(json!({"reason": null, "stamp": null})).unwrap();
    assert_eq!((patch.reason, patch.stamp), (None, None));
}

/// `nullable: false` publishes the field without `null`, but a `null` read is taken as absent
/// (as serde's derive reads an `Option`): APIs written in Go send `null` for a nil pointer
/// whatever their spec says, and the Rust type has no way to hold it but `None`. It is never
/// written.
#[test]
fn a_null_for_a_field_that_is_not_nullable_reads_as_absent() {
    let patch: PetPatch =
        serde_json::from_value(json!({"name": null, "checksum": null, "reason": null, "stamp": null})).unwrap();
    assert_eq!((patch.name.clone(), patch.checksum.clone()), (None, None));
    assert_eq!(serde_json::to_value(&patch).unwrap(), json!({"reason": null, "stamp": null}));
    let schema: serde_json::Value = serde_json::to_value(schemars::schema_for!(PetPatch)).unwrap();
    assert_eq!(schema["properties"]["name"]["type"], json!("string"));
}

/// `additional_properties: false`: the published schema says `additionalProperties: false`,
/// and the type refuses a property it does not list, as serde's `deny_unknown_fields` does.
/// Open structs still skip them.
#[test]
fn a_closed_struct_refuses_unknown_properties() {
    let error =
        serde_json::from_value::<PetPatch>(json!({"reason": null, "stamp": null, "colour": "brown"})).unwrap_err();
    assert_eq!(
        error.to_string(),
        "unknown field `colour`, expected one of `name`, `nickname`, `owner`, `tags`, `photo`, `checksum`, `reason`, `stamp`"
    );
    let schema: serde_json::Value = serde_json::to_value(schemars::schema_for!(PetPatch)).unwrap();
    assert_eq!(schema["additionalProperties"], json!(false));
    let person: Person = serde_json::from_value(json!({"fullName": "A", "colour": "brown"})).unwrap();
    assert_eq!(person.full_name, "A");
}

/// `codegen.yaml` derives `Eq` for every model, and `Hash`, `PartialOrd` and `Ord` for `Key`
/// and `PartialOrd` and `Ord` for `Kind` alone.
#[test]
fn the_settings_derives_are_there() {
    fn eq<T: Eq>() {}
    eq::<Pet>();
    eq::<Person>();
    eq::<Animal>();
    eq::<Nickname>();
    eq::<Type>();
    let keys: std::collections::HashSet<Key> =
        [b"b", b"a", b"b"].into_iter().map(|secret| Key { secret: secret.to_vec(), backup: None }).collect();
    let mut keys: Vec<Key> = keys.into_iter().collect();
    keys.sort();
    assert_eq!(keys.iter().map(|k| k.secret.as_slice()).collect::<Vec<_>>(), [b"a", b"b"]);
    let mut kinds = vec![Kind::UnknownValue("parrot".to_owned()), Kind::Cat, Kind::Dog];
    kinds.sort();
    assert_eq!(kinds, [Kind::Dog, Kind::Cat, Kind::UnknownValue("parrot".to_owned())]);
}

/// An enum is text: `Display` writes the value as JSON has it, `FromStr` reads any text (a value
/// the definitions do not list is kept), and both agree with serde.
#[test]
fn enums_display_and_parse_their_values() {
    assert_eq!(Kind::Dog.to_string(), "dog");
    assert_eq!(Kind::SelfValue.to_string(), "self");
    assert_eq!("cat".parse::<Kind>(), Ok(Kind::Cat));
    assert_eq!("unknown".parse::<Kind>(), Ok(Kind::Unknown));
    let Ok(later) = "parrot".parse::<Kind>();
    assert_eq!(later, Kind::UnknownValue("parrot".to_owned()));
    assert_eq!(later.to_string(), "parrot");
    for kind in [Kind::Dog, Kind::Cat, Kind::SelfValue, Kind::Unknown, later] {
        let text = kind.to_string();
        assert_eq!(serde_json::to_value(&kind).unwrap(), json!(text));
        assert_eq!(serde_json::from_value::<Kind>(json!(text)).unwrap(), kind);
        assert_eq!(text.parse::<Kind>(), Ok(kind));
    }
}

/// A union converts from each variant's model.
#[test]
fn unions_convert_from_their_variants() {
    let person: Person = serde_json::from_value(json!({"fullName": "Ann"})).unwrap();
    let animal: Animal = person.clone().into();
    assert_eq!(animal, Animal::Person(person));
    let pet = json!({"name": "Rex", "age_years": 3, "kind": "dog", "tags": [], "attributes": {}});
    let pet: Pet = serde_json::from_value(pet).unwrap();
    assert_eq!(Animal::from(pet.clone()), Animal::Pet(pet));
}

/// A union's variants need not be models: each value lands in the first variant whose type
/// reads it (a struct variant only if it knows every property), and writes back unchanged.
#[test]
fn unions_of_strings_lists_numbers_and_maps_read_each_form() {
    let cases = [
        (json!("Rex"), Nickname::Text("Rex".to_owned())),
        (json!(["Rex", "Rexy"]), Nickname::Several(vec!["Rex".to_owned(), "Rexy".to_owned()])),
        (json!(7), Nickname::Number(7)),
        (
            json!({"en": "Rex", "fr": "Roi"}),
            Nickname::ByLanguage([("en", "Rex"), ("fr", "Roi")].map(|(k, v)| (k.to_owned(), v.to_owned())).into()),
        ),
    ];
    for (value, nickname) in cases {
        assert_eq!(serde_json::from_value::<Nickname>(value.clone()).unwrap(), nickname, "{value}");
        assert_eq!(serde_json::to_value(&nickname).unwrap(), value);
    }
    let owner = json!({"fullName": "Ann"});
    assert!(matches!(serde_json::from_value::<Nickname>(owner).unwrap(), Nickname::Owner(_)));
    assert!(serde_json::from_value::<Nickname>(json!(1.5)).is_err());
    assert!(serde_json::from_value::<Nickname>(json!({"en": 1})).is_err());
    assert_eq!(Nickname::from("Rex".to_owned()), Nickname::Text("Rex".to_owned()));
    assert_eq!(Nickname::from(7), Nickname::Number(7));
}

#[test]
fn validate_returns_every_violation_with_its_place_and_keyword() {
    let pet = |value: serde_json::Value| serde_json::from_value::<Pet>(value).unwrap();
    let fine = pet(json!({"name": "Rex", "kind": "dog", "tags": ["good"], "age_years": 40}));
    assert_eq!(fine.validate(), Ok(()));

    let bad = pet(json!({
        "name": "rex!",
        "kind": "hamster",
        "tags": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"],
        "age_years": 41
    }));
    let found: Vec<(String, &str)> =
        bad.validate().unwrap_err().into_iter().map(|v: Violation| (v.path, v.keyword)).collect();
    let expected = [("/name", "pattern"), ("/age_years", "maximum"), ("/kind", "enum"), ("/tags", "maxItems")];
    assert_eq!(found, expected.map(|(p, k)| (p.to_owned(), k)));

    // What a value holds is checked too, at its place: a person's pets, a list's items.
    let keeper: Person = serde_json::from_value(json!({
        "fullName": "Ann",
        "pets": [{"name": "Rex", "kind": "dog", "tags": []}, {"name": "", "kind": "cat", "tags": []}],
        "bestFriend": {"fullName": "Bo", "pets": [{"name": "Ab", "kind": "lizard", "tags": []}]}
    }))
    .unwrap();
    let violations = keeper.validate().unwrap_err();
    let places: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(places, ["/bestFriend/pets/0/kind", "/pets/1/name", "/pets/1/name"]);
    assert_eq!(violations[1].to_string(), "at `/pets/1/name`: \"\" is shorter than minLength 1 (0 characters)");
    assert_eq!(Animal::Person(keeper).validate().map_err(|v| v.len()), Err(3));
}

/// A union with a discriminator: the tag is a field of each variant's struct (required in
/// `Seeds`, which is closed; optional in `Scraps`), read with the rest of the object and written
/// once, first.
#[test]
fn a_discriminated_unions_variants_read_their_tag_and_write_it_once() {
    let seeds = json!({"food": "seeds", "grams": 5});
    let read: Feeding = serde_json::from_value(seeds.clone()).unwrap();
    assert_eq!(read, Feeding::Seeds(Seeds { food: "seeds".into(), grams: 5 }));
    assert_eq!(serde_json::to_string(&read).unwrap(), r#"{"food":"seeds","grams":5}"#);

    // The closed variant refuses what it does not list; the tag is one of its fields.
    let unknown = serde_json::from_value::<Feeding>(json!({"food": "seeds", "grams": 5, "salt": 1}));
    assert!(unknown.unwrap_err().to_string().contains("unknown field `salt`"));
    let wrong_tag = serde_json::from_value::<Feeding>(json!({"food": "meat", "grams": 5}));
    assert!(wrong_tag.unwrap_err().to_string().contains("unknown variant `meat`, expected `seeds` or `scraps`"));
    assert!(serde_json::from_value::<Feeding>(json!({"grams": 5})).unwrap_err().to_string().contains("`food`"));

    // The union's variant decides the tag written, whatever the struct's own field holds.
    let scraps = Feeding::Scraps(Scraps { food: None, leftovers: Some(vec!["rice".into()]) });
    assert_eq!(serde_json::to_string(&scraps).unwrap(), r#"{"food":"scraps","leftovers":["rice"]}"#);
    let mislabelled = Feeding::Seeds(Seeds { food: "scraps".into(), grams: 1 });
    assert_eq!(serde_json::to_string(&mislabelled).unwrap(), r#"{"food":"seeds","grams":1}"#);
    let back: Feeding = serde_json::from_value(serde_json::to_value(&scraps).unwrap()).unwrap();
    assert_eq!(back, Feeding::Scraps(Scraps { food: Some("scraps".into()), leftovers: Some(vec!["rice".into()]) }));

    // `validate()` looks into the variant.
    let light = Feeding::Seeds(Seeds { food: "seeds".into(), grams: 0 });
    assert_eq!(light.validate().unwrap_err()[0].path, "/grams");
}
