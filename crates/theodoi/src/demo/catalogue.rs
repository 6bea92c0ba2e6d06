//! The demo province's catalogue (`demo/kiengiang.json`): units, leaders, documents, task texts.

use serde::Deserialize;

pub const JSON: &str = include_str!("../../demo/kiengiang.json");

#[derive(Debug, Deserialize)]
pub struct Catalogue {
    pub units: Vec<CUnit>,
    pub leaders: Vec<CLeader>,
    pub documents: Vec<CDocument>,
    pub task_texts: Vec<CText>,
}

#[derive(Debug, Deserialize)]
pub struct CUnit {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub parent: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct CLeader {
    pub username: String,
    pub full_name: String,
    pub title: String,
    pub unit: String,
}

#[derive(Debug, Deserialize)]
pub struct CDocument {
    pub key: String,
    pub number: String,
    pub date: String,
    pub kind: String,
    pub issuer: Option<String>,
    #[serde(default)]
    pub issuer_text: Option<String>,
    #[serde(default)]
    pub signer: String,
    pub summary: String,
    pub assigned_by: Option<String>,
    pub parent: Option<String>,
    #[serde(default)]
    pub tasks: Vec<CTask>,
}

#[derive(Debug, Deserialize)]
pub struct CTask {
    pub clause: String,
    pub content: String,
    pub lead: String,
    #[serde(default)]
    pub coop: Vec<String>,
    pub deadline_text: Option<String>,
    #[serde(default)]
    pub key: bool,
    #[serde(default)]
    pub field: String,
}

#[derive(Debug, Deserialize)]
pub struct CText {
    pub content: String,
    pub lead: String,
    #[serde(default)]
    pub coop: Vec<String>,
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub key: bool,
}

pub fn load() -> anyhow::Result<Catalogue> {
    Ok(serde_json::from_str(JSON)?)
}
