//! The first dossier meets its editorial bar: coverage, counts, claims with status and evidence, verbatim sources.

mod common;

use std::collections::HashMap;

use dossier::render::RenderOptions;
use dossier::resolve::{Citer, EntryKind, Site};

fn site() -> Site {
    dossier::build_in_memory(&common::repo(), &RenderOptions::default())
        .expect("the real dossier builds")
        .site
}

#[test]
fn four_sections_with_at_least_twelve_entries_each() {
    let site = site();
    let ids: Vec<&str> = site.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["train", "summit", "arms-deal", "sanctions"]);
    for s in &site.sections {
        assert!(
            s.entries.len() >= 12,
            "section {} has {} entries",
            s.id,
            s.entries.len()
        );
        let sentences = s.summary.matches(". ").count() + 1;
        assert!(
            (2..=5).contains(&sentences),
            "section {} summary has ~{sentences} sentences",
            s.id
        );
    }
}

#[test]
fn arms_deal_claims_and_discrepancies_are_there() {
    let site = site();
    let arms = site.sections.iter().find(|s| s.id == "arms-deal").unwrap();
    let claims = arms
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::Claim)
        .count();
    assert!(claims >= 10, "arms-deal has {claims} claims");
    let discrepancies = site
        .sections
        .iter()
        .flat_map(|s| &s.entries)
        .filter(|e| e.kind == EntryKind::Discrepancy)
        .count();
    assert!(discrepancies >= 5, "{discrepancies} discrepancies");
    assert!(
        site.timeline.len() >= 8,
        "{} timeline moments",
        site.timeline.len()
    );
    assert!(
        site.timeline.iter().all(|m| !m.evidence.is_empty()),
        "every moment has evidence"
    );
}

#[test]
fn every_claim_has_a_claimant_status_and_evidence() {
    let site = site();
    for e in site.sections.iter().flat_map(|s| &s.entries) {
        if e.kind == EntryKind::Claim {
            assert!(e.status.is_some(), "claim {} lacks a status", e.id);
            assert!(
                e.claimant.as_deref().is_some_and(|c| !c.trim().is_empty()),
                "claim {} lacks a claimant",
                e.id
            );
            assert!(!e.evidence.is_empty(), "claim {} lacks evidence", e.id);
        }
        assert!(!e.evidence.is_empty(), "entry {} has no evidence", e.id);
    }
}

#[test]
fn every_source_is_cited_at_least_five_times_by_entries() {
    let site = site();
    let mut counts: HashMap<&str, usize> =
        site.sources.iter().map(|s| (s.id.as_str(), 0)).collect();
    for p in &site.passages {
        let by_entries = p
            .citations
            .iter()
            .filter(|c| matches!(c.citer, Citer::Entry(..)))
            .count();
        *counts.get_mut(site.sources[p.source].id.as_str()).unwrap() += by_entries;
    }
    for (id, n) in &counts {
        assert!(*n >= 5, "source {id} is cited {n} times");
    }
}

#[test]
fn sections_cross_reference_each_other() {
    let site = site();
    for s in &site.sections {
        let others = s
            .entries
            .iter()
            .flat_map(|e| dossier::resolve::links::destinations(&e.body))
            .filter(|d| d.starts_with('@') && !d.starts_with(&format!("@{}/", s.id)))
            .count();
        assert!(
            others >= 2,
            "section {} links to other sections {others} times",
            s.id
        );
    }
}

#[test]
fn sources_are_the_seeds_verbatim() {
    let seeds = common::repo().join("../shared/seeds");
    let site = site();
    assert_eq!(site.sources.len(), 5);
    for s in &site.sources {
        let seed = s
            .front
            .seed
            .as_deref()
            .unwrap_or_else(|| panic!("source {} names no seed", s.id));
        let path = seeds.join(seed);
        if !path.exists() {
            // Outside this workspace the seeds are not beside the repository; nothing to compare.
            continue;
        }
        assert_eq!(
            s.text.as_bytes(),
            std::fs::read(&path).unwrap(),
            "source {} differs from {seed}",
            s.id
        );
    }
}
