package demo

// pt is one point of a demo text: title, text and the issue values it binds.
type pt struct {
	title, text string
	bind        map[string]string
}

// usDraft is the U.S. 28-point draft of about 20 November 2025, as summarised in public
// reporting.
var usDraft = []pt{
	{"Sovereignty", "Ukraine's sovereignty is confirmed.", nil},
	{"Non-aggression", "A comprehensive non-aggression agreement between Russia, Ukraine and Europe; all ambiguities of the last thirty years are considered settled.", nil},
	{"No further enlargement", "Russia will not invade its neighbours and NATO will not expand further.", nil},
	{"Security dialogue", "A dialogue between Russia and NATO, mediated by the United States, to resolve security issues and create conditions for de-escalation.", nil},
	{"Security guarantees", "Ukraine receives reliable security guarantees.", map[string]string{"guarantees": "bilateral"}},
	{"Armed forces", "The armed forces of Ukraine are limited to 600,000 personnel.", map[string]string{"army_cap": "600"}},
	{"NATO", "Ukraine enshrines in its constitution that it will not join NATO, and NATO includes in its statutes that Ukraine will not be admitted.", map[string]string{"nato": "renounce"}},
	{"No NATO troops", "NATO agrees not to station troops in Ukraine.", nil},
	{"European jets", "European fighter jets are stationed in Poland.", nil},
	{"Terms of the U.S. guarantee", "The United States receives compensation for the guarantee; it is void if Ukraine invades Russia; if Russia invades Ukraine, a decisive military response follows and all sanctions are reinstated; it is void if Ukraine strikes Moscow or St Petersburg without cause.", nil},
	{"EU membership", "Ukraine is eligible for EU membership and receives short-term preferential access to the European market.", nil},
	{"Reconstruction", "A global package of measures to rebuild Ukraine: a development fund, infrastructure, resources and finance.", nil},
	{"Russia and the world economy", "Sanctions are lifted in stages; long-term U.S.-Russia economic cooperation; Russia is invited back into the G8.", map[string]string{"sanctions": "phased"}},
	{"Frozen assets", "$100 billion of frozen Russian assets go to U.S.-led reconstruction, with half the profit to the United States; Europe adds $100 billion; the rest goes to a joint U.S.-Russia investment vehicle.", nil},
	{"Joint working group", "A joint U.S.-Russia working group on security is established to oversee the agreement.", nil},
	{"Non-aggression in law", "Russia enshrines in law its policy of non-aggression towards Europe and Ukraine.", nil},
	{"Arms control", "The United States and Russia extend the nuclear arms-control treaties.", nil},
	{"Non-nuclear status", "Ukraine remains a non-nuclear state.", nil},
	{"Zaporizhzhia plant", "The Zaporizhzhia nuclear power plant is restarted under IAEA supervision and its power shared.", nil},
	{"Tolerance and minorities", "Education programmes for tolerance; protection of religious and linguistic minorities.", nil},
	{"Territory", "Crimea, Luhansk and Donetsk are recognised de facto as Russian; Kherson and Zaporizhzhia are frozen along the line of contact; Russia gives up other areas it holds outside these five regions; Ukrainian forces withdraw from the part of Donetsk region they hold, which becomes a neutral demilitarised buffer zone that Russian forces do not enter.", map[string]string{"donetsk_pct": "100", "buffer_km": "50"}},
	{"No change by force", "Neither side changes the territorial arrangements by force.", nil},
	{"Dnieper and Black Sea", "Free commercial use of the Dnieper river; grain shipments across the Black Sea.", nil},
	{"Humanitarian committee", "A humanitarian committee: all-for-all exchange of prisoners and bodies, return of civilians and children, family reunification.", nil},
	{"Elections", "Elections in Ukraine within 100 days.", nil},
	{"Amnesty", "Full amnesty for all parties for acts during the war.", nil},
	{"Binding agreement", "The agreement is legally binding, overseen by a Peace Council chaired by the President of the United States.", nil},
	{"Ceasefire", "A ceasefire takes effect as soon as all parties agree and forces withdraw to the agreed lines.", nil},
}

// europeDraft is the European 24-point counter-proposal of about 23 November 2025.
var europeDraft = []pt{
	{"Sovereignty", "Ukraine's sovereignty is reaffirmed.", nil},
	{"Non-aggression", "A comprehensive non-aggression agreement between Russia, Ukraine and NATO.", nil},
	{"Security dialogue", "Talks between Russia and NATO on security issues, after the ceasefire.", nil},
	{"Security guarantees", "Ukraine receives robust security guarantees, including from the United States, mirroring Article 5.", map[string]string{"guarantees": "collective"}},
	{"Armed forces", "No cap is forced on Ukraine's armed forces; a peacetime ceiling of 800,000.", map[string]string{"army_cap": "800"}},
	{"NATO", "Ukraine's NATO membership depends on consensus among NATO members, which does not exist.", map[string]string{"nato": "moratorium"}},
	{"No permanent NATO troops", "NATO does not permanently station troops in Ukraine in peacetime.", nil},
	{"European jets", "NATO fighter jets are stationed in Poland.", nil},
	{"U.S. guarantee", "The U.S. guarantee mirrors Article 5; it is void if Ukraine attacks Russia.", nil},
	{"EU membership", "Ukraine becomes an EU member and receives preferential market access meanwhile.", nil},
	{"Reconstruction", "A global reconstruction package, including a development fund.", nil},
	{"Frozen assets", "Ukraine is rebuilt and compensated financially, including with Russian sovereign assets that stay frozen until Russia compensates the damage.", nil},
	{"Sanctions", "Sanctions relief is discussed in stages and case by case once a sustainable peace is reached.", map[string]string{"sanctions": "none"}},
	{"Russia and the world economy", "Russia is gradually reintegrated into the world economy; an invitation back to the G8 is possible.", nil},
	{"Arms control", "The United States and Russia extend the nuclear arms-control treaties.", nil},
	{"Non-nuclear status", "Ukraine remains a non-nuclear state.", nil},
	{"Zaporizhzhia plant", "The Zaporizhzhia plant is restarted under IAEA supervision; its power is shared equally.", nil},
	{"Territory", "Territorial questions are negotiated and settled after a full ceasefire, starting from the line of contact.", map[string]string{"donetsk_pct": "0"}},
	{"No change by force", "Once settled, territorial arrangements are not changed by force.", nil},
	{"Dnieper and Kinburn", "Unimpeded Ukrainian use of the Dnieper and control of the Kinburn spit.", nil},
	{"Humanitarian committee", "All prisoners and bodies are exchanged; all detained civilians are released; all deported children are returned.", nil},
	{"Elections", "Elections in Ukraine as soon as possible after the signing.", nil},
	{"Ceasefire", "An unconditional ceasefire, monitored by the United States with European partners, once the parties agree.", nil},
	{"Binding agreement", "The agreement is legally binding and overseen by a Peace Council chaired by the President of the United States.", nil},
}
